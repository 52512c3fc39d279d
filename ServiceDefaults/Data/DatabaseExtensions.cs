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
        builder.AddNpgsqlDataSource(connectionName);
        builder.Services.AddSingleton(new MigrationSource(migrationsAssembly, connectionName));
        builder.Services.AddHostedService<DatabaseMigrator>();
        return builder;
    }
}

public sealed record MigrationSource(Assembly Assembly, string ConnectionName);
