using System.Net.Http.Json;
using System.Text.Json;
using Selbsthilfe.TestSupport;

namespace Messaging.Tests;

[Collection(ServersCollection.Name)]
public sealed class OutboxTests(LocalServers servers)
{
    private static string NewKey() => Guid.NewGuid().ToString("N");
    private static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task A_change_whose_transaction_rolls_back_publishes_nothing()
    {
        await using var service = await ServiceHost.StartAsync(servers, await servers.CreateDatabaseAsync(), NewPrefix());
        var rolledBack = NewKey();
        var committed = NewKey();

        await using (var tx = await service.Outbox.BeginAsync())
        {
            await tx.RaiseAsync(rolledBack, new TestEvent { Key = rolledBack });
            await tx.Transaction.RollbackAsync();
        }
        await service.RaiseAsync(new TestEvent { Key = committed });

        // The committed event arriving proves the relay ran past the rolled-back one.
        await Eventually.TrueAsync(async () => await service.EffectsAsync(committed) == 1);
        Assert.Equal(0, await service.ScalarAsync("SELECT count(*) FROM outbox_messages WHERE aggregate_id = $1", rolledBack));
        Assert.False(RecordTestEventConsumer.Deliveries.ContainsKey(rolledBack));
    }

    [Fact]
    public async Task A_committed_change_is_delivered_once_and_marked_sent()
    {
        await using var service = await ServiceHost.StartAsync(servers, await servers.CreateDatabaseAsync(), NewPrefix());
        var key = NewKey();

        await service.RaiseAsync(new TestEvent { Key = key });

        await Eventually.TrueAsync(async () => await service.EffectsAsync(key) == 1);
        await Eventually.TrueAsync(async () =>
            await service.ScalarAsync("SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL") == 0);
        Assert.Equal(1, RecordTestEventConsumer.Deliveries[key]);
    }

    [Fact]
    public async Task A_relay_that_dies_after_publishing_and_before_marking_sent_publishes_again_and_the_effect_happens_once()
    {
        await using var service = await ServiceHost.StartAsync(servers, await servers.CreateDatabaseAsync(), NewPrefix());
        var crashed = 0;
        service.Relay.AfterPublishBeforeMark = () =>
            Interlocked.Exchange(ref crashed, 1) == 0 ? throw new IOException("relay died") : Task.CompletedTask;
        var key = NewKey();

        await service.RaiseAsync(new TestEvent { Key = key });

        await Eventually.TrueAsync(() => Task.FromResult(RecordTestEventConsumer.Deliveries.GetValueOrDefault(key) >= 2),
            because: "the message should have been published twice");
        await Eventually.TrueAsync(async () =>
            await service.ScalarAsync("SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL") == 0);
        Assert.Equal(1, await service.EffectsAsync(key));
    }

    [Fact]
    public async Task A_row_committed_late_by_a_long_transaction_is_still_published()
    {
        await using var service = await ServiceHost.StartAsync(servers, await servers.CreateDatabaseAsync(), NewPrefix());
        var late = NewKey();
        var early = Enumerable.Range(0, 5).Select(_ => NewKey()).ToArray();

        // The long transaction takes its identity value first, then commits after later rows were published.
        await using var longTransaction = await service.Outbox.BeginAsync();
        await longTransaction.RaiseAsync(late, new TestEvent { Key = late });
        foreach (var key in early) await service.RaiseAsync(new TestEvent { Key = key });
        foreach (var key in early) await Eventually.TrueAsync(async () => await service.EffectsAsync(key) == 1);
        // A reader following "id > last seen" would now be past the late row for ever.
        await using (var lateId = longTransaction.Command("SELECT id FROM outbox_messages WHERE aggregate_id = $1"))
        {
            lateId.Parameters.AddWithValue(late);
            Assert.True((long)(await lateId.ExecuteScalarAsync())!
                < await service.ScalarAsync("SELECT min(id) FROM outbox_messages WHERE aggregate_id = ANY($1)", early));
        }

        await longTransaction.CommitAsync();

        await Eventually.TrueAsync(async () => await service.EffectsAsync(late) == 1);
    }

    [Fact]
    public async Task Two_relays_on_one_database_publish_every_row_once_and_no_effect_happens_twice()
    {
        var database = await servers.CreateDatabaseAsync();
        var prefix = NewPrefix();
        await using var first = await ServiceHost.StartAsync(servers, database, prefix);
        await using var second = await ServiceHost.StartAsync(servers, database, prefix);
        int firstRounds = 0, secondRounds = 0;
        first.Relay.AfterPublishBeforeMark = () => { Interlocked.Increment(ref firstRounds); return Task.CompletedTask; };
        second.Relay.AfterPublishBeforeMark = () => { Interlocked.Increment(ref secondRounds); return Task.CompletedTask; };
        var keys = Enumerable.Range(0, 300).Select(_ => NewKey()).ToArray();

        await Task.WhenAll(keys.Chunk(10).Select((chunk, i) =>
            (i % 2 == 0 ? first : second).RaiseAsync(chunk.Select(k => new TestEvent { Key = k }).ToArray())));

        await Eventually.TrueAsync(async () =>
            await first.ScalarAsync("SELECT count(DISTINCT key) FROM test_effects WHERE key = ANY($1)", keys) == keys.Length,
            TimeSpan.FromSeconds(60));
        Assert.Equal(keys.Length, await first.ScalarAsync("SELECT count(*) FROM test_effects WHERE key = ANY($1)", keys));
        Assert.All(keys, k => Assert.Equal(1, RecordTestEventConsumer.Deliveries[k]));
        Assert.True(firstRounds > 0 && secondRounds > 0, $"both relays should have published ({firstRounds}, {secondRounds})");
    }

    [Fact]
    public async Task Events_of_one_aggregate_are_published_in_the_order_they_were_raised()
    {
        await using var service = await ServiceHost.StartAsync(servers, await servers.CreateDatabaseAsync(), NewPrefix());
        using var rabbit = servers.RabbitManagement();
        // A probe queue on the event's exchange sees the broker's order; consumers may legitimately reorder.
        var probe = "order-probe-" + NewPrefix();
        (await rabbit.PutAsJsonAsync($"/api/queues/%2F/{probe}", new { durable = false })).EnsureSuccessStatusCode();
        (await rabbit.PostAsJsonAsync($"/api/bindings/%2F/e/{Uri.EscapeDataString("Messaging.Tests:TestEvent")}/q/{probe}",
            new { routing_key = "" })).EnsureSuccessStatusCode();
        var aggregate = NewKey();
        var keys = Enumerable.Range(0, 50).Select(i => $"{aggregate}-{i:D3}").ToArray();

        foreach (var key in keys)
        {
            await using var tx = await service.Outbox.BeginAsync();
            await tx.RaiseAsync(aggregate, new TestEvent { Key = key });
            await tx.CommitAsync();
        }

        var seen = new List<string>();
        await Eventually.TrueAsync(async () =>
        {
            using var response = await rabbit.PostAsJsonAsync($"/api/queues/%2F/{probe}/get",
                new { count = 100, ackmode = "ack_requeue_false", encoding = "auto" });
            foreach (var message in (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray())
            {
                using var envelope = JsonDocument.Parse(message.GetProperty("payload").GetString()!);
                seen.Add(envelope.RootElement.GetProperty("message").GetProperty("key").GetString()!);
            }
            return seen.Count >= keys.Length;
        });
        Assert.Equal(keys, seen);
    }

    [Fact]
    public async Task Clean_up_deletes_sent_outbox_rows_and_inbox_rows_past_their_retention_and_keeps_recent_ones()
    {
        await using var service = await ServiceHost.StartAsync(servers, await servers.CreateDatabaseAsync(), NewPrefix());
        var key = NewKey();
        await service.RaiseAsync(new TestEvent { Key = key });
        await Eventually.TrueAsync(async () => await service.EffectsAsync(key) == 1);
        await Eventually.TrueAsync(async () => await service.ScalarAsync("SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL") == 0);
        await service.ScalarAsync("UPDATE outbox_messages SET sent_at = now() - interval '8 days' WHERE aggregate_id = $1 RETURNING 1", key);
        await service.ScalarAsync("UPDATE inbox_messages SET processed_at = now() - interval '15 days' RETURNING 1");
        await using (var unsent = await service.Outbox.BeginAsync())
        {
            await unsent.RaiseAsync("kept", new TestEvent { Key = "kept" });
            await unsent.CommitAsync();
        }

        await service.Relay.CleanUpAsync(CancellationToken.None);

        Assert.Equal(0, await service.ScalarAsync("SELECT count(*) FROM outbox_messages WHERE aggregate_id = $1", key));
        Assert.Equal(0, await service.ScalarAsync("SELECT count(*) FROM inbox_messages WHERE processed_at < now() - interval '14 days'"));
        Assert.Equal(1, await service.ScalarAsync("SELECT count(*) FROM outbox_messages WHERE aggregate_id = 'kept'"));
    }
}
