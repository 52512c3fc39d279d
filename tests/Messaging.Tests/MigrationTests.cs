using Selbsthilfe.TestSupport;

namespace Messaging.Tests;

[Collection(ServersCollection.Name)]
public sealed class MigrationTests(LocalServers servers)
{
    [Fact]
    public async Task Replicas_starting_together_on_a_new_database_apply_each_migration_exactly_once()
    {
        var database = await servers.CreateDatabaseAsync();
        var prefix = "t" + Guid.NewGuid().ToString("N")[..8];

        var replicas = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => ServiceHost.StartAsync(servers, database, prefix)));
        try
        {
            // Messaging's own migrations and the test service's.
            var migrations = new[] { typeof(Selbsthilfe.Messaging.MessagingOptions).Assembly, typeof(ServiceHost).Assembly }
                .Sum(a => a.GetManifestResourceNames().Count(n => n.Contains(".Migrations.", StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal)));
            Assert.Equal(4, migrations);
            Assert.Equal(migrations, await replicas[0].ScalarAsync("SELECT count(*) FROM schema_migrations"));
            Assert.Equal(migrations, await replicas[0].ScalarAsync("SELECT count(DISTINCT id) FROM schema_migrations"));
            Assert.Equal(1, await replicas[0].ScalarAsync(
                "SELECT count(*) FROM information_schema.tables WHERE table_name IN ('outbox_messages') AND table_schema = 'public'"));
        }
        finally
        {
            foreach (var replica in replicas) await replica.DisposeAsync();
        }
    }
}
