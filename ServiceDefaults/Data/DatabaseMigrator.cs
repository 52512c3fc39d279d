using System.Diagnostics;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Selbsthilfe.ServiceDefaults.Data;

/// <summary>
/// Creates the database when it is missing and applies embedded <c>*.sql</c> migrations in name order, each in its own
/// transaction. A session-level advisory lock makes replicas that start together take turns: the second finds the
/// work done. Runs as a hosted service so it finishes before Kestrel accepts requests.
/// </summary>
internal sealed partial class DatabaseMigrator(
    NpgsqlDataSource dataSource, ServiceDatabase database, IEnumerable<MigrationSource> sources, IConfiguration configuration,
    ILogger<DatabaseMigrator> logger) : IHostedService
{
    // Any constant shared by all replicas of all services; each service has its own database, so no clash.
    private const long MigrationLockKey = 0x5e1b57_4d16;
    private static readonly TimeSpan StartupBudget = TimeSpan.FromSeconds(90);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await EnsureDatabaseExistsAsync(cancellationToken);
                await MigrateAsync(cancellationToken);
                return;
            }
            catch (NpgsqlException ex) when (ex.IsTransient && clock.Elapsed < StartupBudget)
            {
                LogDatabaseNotReady(logger, ex.SqlState);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task EnsureDatabaseExistsAsync(CancellationToken ct)
    {
        try
        {
            await using var probe = await dataSource.OpenConnectionAsync(ct);
            return;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            // Local mode: the server is ours and the database not yet created. Elsewhere the database exists.
        }

        // The data source hides the password; the configured connection string has it.
        var target = new NpgsqlConnectionStringBuilder(configuration.GetConnectionString(database.ConnectionName));
        var maintenance = new NpgsqlConnectionStringBuilder(target.ConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync(ct);
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{target.Database!.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
        try
        {
            await create.ExecuteNonQueryAsync(ct);
            LogDatabaseCreated(logger, target.Database);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Another replica was faster.
        }
    }

    private async Task MigrateAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await Execute(connection, $"SELECT pg_advisory_lock({MigrationLockKey})", ct);
        try
        {
            await Execute(connection, """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    id text PRIMARY KEY,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """, ct);

            var applied = new HashSet<string>(StringComparer.Ordinal);
            await using (var read = new NpgsqlCommand("SELECT id FROM schema_migrations", connection))
            await using (var reader = await read.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct)) applied.Add(reader.GetString(0));
            }

            foreach (var migration in Migrations())
            {
                if (applied.Contains(migration.Id)) continue;
                await using var tx = await connection.BeginTransactionAsync(ct);
                await using (var apply = new NpgsqlCommand(migration.Sql, connection, tx)) await apply.ExecuteNonQueryAsync(ct);
                await using (var record = new NpgsqlCommand("INSERT INTO schema_migrations (id) VALUES ($1)", connection, tx))
                {
                    record.Parameters.AddWithValue(migration.Id);
                    await record.ExecuteNonQueryAsync(ct);
                }
                await tx.CommitAsync(ct);
                LogMigrationApplied(logger, migration.Id);
            }
        }
        finally
        {
            await Execute(connection, $"SELECT pg_advisory_unlock({MigrationLockKey})", CancellationToken.None);
        }
    }

    /// <summary>Ids are "Assembly/NNNN_name", so two sources never collide.</summary>
    private IEnumerable<(string Id, string Sql)> Migrations() => sources.SelectMany(source => Migrations(source.Assembly));

    private static IEnumerable<(string Id, string Sql)> Migrations(Assembly assembly)
    {
        foreach (var name in assembly.GetManifestResourceNames()
                     .Where(n => n.EndsWith(".sql", StringComparison.Ordinal) && n.Contains(".Migrations.", StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            var id = assembly.GetName().Name + "/" + name[(name.IndexOf(".Migrations.", StringComparison.Ordinal) + ".Migrations.".Length)..^".sql".Length];
            yield return (id, reader.ReadToEnd());
        }
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database {Database} created")]
    private static partial void LogDatabaseCreated(ILogger logger, string database);

    [LoggerMessage(Level = LogLevel.Information, Message = "Migration {MigrationId} applied")]
    private static partial void LogMigrationApplied(ILogger logger, string migrationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database not ready yet ({SqlState}); retrying")]
    private static partial void LogDatabaseNotReady(ILogger logger, string? sqlState);
}
