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
        // JIT is off: the services run short OLTP statements, and PostgreSQL compiles any whose estimated cost passes
        // jit_above_cost. A feed page's duplicate lookup (1,000 index probes, estimated high) spent 1.0 s of 1.03 s
        // compiling, per page. https://www.postgresql.org/docs/15/jit-decision.html
        builder.AddNpgsqlDataSource(connectionName, configureDataSourceBuilder: data =>
        {
            var connection = data.ConnectionStringBuilder;
            if (connection.MaxAutoPrepare == 0) connection.MaxAutoPrepare = 100;
            if (connection.Options?.Contains("jit", StringComparison.Ordinal) != true) connection.Options = $"{connection.Options} -c jit=off".Trim();
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
