using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Selbsthilfe.ServiceDefaults.Data;

public static class DatabaseExtensions
{
    /// <summary>
    /// Registers the service's own PostgreSQL database (an <see cref="NpgsqlDataSource"/> with health check, traces and
    /// metrics) and applies the SQL migrations embedded in <paramref name="migrationsAssembly"/> before the service
    /// starts serving.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase(
        this IHostApplicationBuilder builder, string connectionName, Assembly migrationsAssembly)
    {
        // Statements a service runs again and again (searches, outbox rounds, log reads) are prepared on each pooled
        // connection after their second use: PostgreSQL plans them once instead of on every call.
        builder.AddNpgsqlDataSource(connectionName, configureDataSourceBuilder: data =>
        {
            if (data.ConnectionStringBuilder.MaxAutoPrepare == 0) data.ConnectionStringBuilder.MaxAutoPrepare = 100;
        });
        builder.Services.AddSingleton(new ServiceDatabase(connectionName));
        builder.AddMigrations(migrationsAssembly);
        builder.Services.AddHostedService<DatabaseMigrator>();
        return builder;
    }

    /// <summary>
    /// Adds more migrations to the service's database, e.g. the outbox and inbox tables of the messaging library.
    /// Sources are applied in the order they were added; within one, by file name.
    /// </summary>
    public static IHostApplicationBuilder AddMigrations(this IHostApplicationBuilder builder, Assembly migrationsAssembly)
    {
        builder.Services.AddSingleton(new MigrationSource(migrationsAssembly));
        return builder;
    }
}

public sealed record ServiceDatabase(string ConnectionName);

public sealed record MigrationSource(Assembly Assembly);
