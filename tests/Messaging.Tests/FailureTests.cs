using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using Selbsthilfe.TestSupport;

namespace Messaging.Tests;

[Collection(ServersCollection.Name)]
public sealed class FailureTests(LocalServers servers)
{
    private static string NewKey() => Guid.NewGuid().ToString("N");
    private static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Changes_committed_while_RabbitMQ_is_down_are_all_delivered_once_it_returns()
    {
        await using var service = await ServiceHost.StartAsync(servers, await servers.CreateDatabaseAsync(), NewPrefix());
        var warmUp = NewKey();
        await service.RaiseAsync(new TestEvent { Key = warmUp });
        await Eventually.TrueAsync(async () => await service.EffectsAsync(warmUp) == 1);
        var keys = Enumerable.Range(0, 20).Select(_ => NewKey()).ToArray();

        await servers.StopRabbitAsync();
        try
        {
            // Readiness (/health) must say the broker is gone, so an orchestrator routes traffic elsewhere.
            await Eventually.TrueAsync(async () => await service.ReadinessAsync() == HttpStatusCode.ServiceUnavailable,
                TimeSpan.FromSeconds(60), "readiness should fail while RabbitMQ is down");
            foreach (var key in keys) await service.RaiseAsync(new TestEvent { Key = key });
            Assert.Equal(keys.Length, await service.ScalarAsync(
                "SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL AND aggregate_id = ANY($1)", keys));
        }
        finally
        {
            await servers.StartRabbitAsync();
        }

        await Eventually.TrueAsync(async () =>
            await service.ScalarAsync("SELECT count(*) FROM test_effects WHERE key = ANY($1)", keys) == keys.Length,
            TimeSpan.FromSeconds(120), "every event committed during the outage should arrive");
        Assert.Equal(HttpStatusCode.OK, await service.ReadinessAsync());
        Assert.All(keys, k => Assert.Equal(1, RecordTestEventConsumer.Deliveries[k]));
    }

    [Fact]
    public async Task A_poison_message_ends_in_the_error_queue_after_the_configured_retries_without_partial_effect()
    {
        var prefix = NewPrefix();
        await using var service = await ServiceHost.StartAsync(servers, await servers.CreateDatabaseAsync(), prefix);
        var key = NewKey();

        await service.RaiseAsync(new TestEvent { Key = key, Poison = true });

        using var rabbit = servers.RabbitManagement();
        try
        {
            await Eventually.TrueAsync(async () => (await ErrorQueueKeys(rabbit, prefix)).Contains(key), TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            var names = await rabbit.GetFromJsonAsync<JsonElement>("/api/queues/%2F?columns=name,messages");
            throw new TimeoutException($"deliveries {RecordTestEventConsumer.Deliveries.GetValueOrDefault(key)}; queues: {names}");
        }
        // The first attempt, 1 immediate and 2 exponential retries (ServiceHost's settings).
        Assert.Equal(4, RecordTestEventConsumer.Deliveries[key]);
        Assert.Equal(0, await service.EffectsAsync(key));
        Assert.Equal(0, await service.ScalarAsync("SELECT count(*) FROM inbox_messages"));
    }

    [Fact]
    public async Task Messages_arriving_while_PostgreSQL_is_killed_are_applied_once_it_is_back_and_none_goes_to_the_error_queue()
    {
        var prefix = NewPrefix();
        // Production's retry schedule, not the tests' fast one: it must outlast a database restart.
        var defaults = new Selbsthilfe.Messaging.MessagingOptions();
        await using var service = await ServiceHost.StartAsync(servers, await servers.CreateDatabaseAsync(), prefix,
            new Dictionary<string, string?>
            {
                ["Messaging:ImmediateRetries"] = defaults.ImmediateRetries.ToString(),
                ["Messaging:ExponentialRetries"] = defaults.ExponentialRetries.ToString(),
                ["Messaging:MinRetryInterval"] = defaults.MinRetryInterval.ToString(),
                ["Messaging:MaxRetryInterval"] = defaults.MaxRetryInterval.ToString(),
            });
        var keys = Enumerable.Range(0, 10).Select(_ => NewKey()).ToArray();

        await servers.KillPostgresAsync();
        try
        {
            // The outbox needs the database, so these come straight from the bus, as if published just before the crash.
            foreach (var key in keys) await service.Bus.Publish(new TestEvent { Key = key });
            await Eventually.TrueAsync(() => Task.FromResult(keys.All(k => RecordTestEventConsumer.Deliveries.GetValueOrDefault(k) >= 2)),
                because: "consumers should be retrying against the dead database");
        }
        finally
        {
            await servers.StartPostgresAsync();
        }

        await Eventually.TrueAsync(async () =>
            await service.ScalarAsync("SELECT count(*) FROM test_effects WHERE key = ANY($1)", keys) == keys.Length,
            TimeSpan.FromSeconds(90), "every message should be applied once the database is back");
        Assert.Equal(keys.Length, await service.ScalarAsync("SELECT count(DISTINCT key) FROM test_effects WHERE key = ANY($1)", keys));
        using var rabbit = servers.RabbitManagement();
        Assert.Empty((await ErrorQueueKeys(rabbit, prefix)).Intersect(keys));
        var afterwards = NewKey();
        await service.RaiseAsync(new TestEvent { Key = afterwards });
        await Eventually.TrueAsync(async () => await service.EffectsAsync(afterwards) == 1, TimeSpan.FromSeconds(60),
            "the outbox relay should recover from the crash too");
    }

    /// <summary>Peeks (and requeues) the messages in this test's <c>_error</c> queues.</summary>
    private static async Task<List<string>> ErrorQueueKeys(HttpClient rabbit, string prefix)
    {
        var keys = new List<string>();
        var queues = await rabbit.GetFromJsonAsync<JsonElement>("/api/queues/%2F?columns=name");
        foreach (var queue in queues.EnumerateArray().Select(q => q.GetProperty("name").GetString()!)
                     .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith("_error", StringComparison.Ordinal)))
        {
            using var response = await rabbit.PostAsJsonAsync($"/api/queues/%2F/{queue}/get",
                new { count = 10, ackmode = "ack_requeue_true", encoding = "auto" });
            foreach (var message in (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray())
            {
                using var envelope = JsonDocument.Parse(message.GetProperty("payload").GetString()!);
                keys.Add(envelope.RootElement.GetProperty("message").GetProperty("key").GetString()!);
            }
        }
        return keys;
    }
}
