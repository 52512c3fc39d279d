using Npgsql;
using Selbsthilfe.ServiceDefaults.Hosting;

namespace Selbsthilfe.Notifications.Api.Subscriptions;

/// <summary>
/// Deletes what was never confirmed: pending requests (subscriptions and founding contacts) after their expiry, addresses left without any subscription
/// that were never confirmed, and the rate-limit log after a day.
/// </summary>
public sealed class ExpirySweep(NpgsqlDataSource db, TimeProvider clock, ILogger<ExpirySweep> logger) : PeriodicWork(clock, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromMinutes(10);

    protected override Task RunRoundAsync(CancellationToken ct) => RunAsync(ct);

    public async Task RunAsync(CancellationToken ct)
    {
        var now = Clock.GetUtcNow().ToUniversalTime();
        await using var batch = new NpgsqlBatch(await db.OpenConnectionAsync(ct))
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("DELETE FROM subscriptions WHERE state = 'pending' AND expires_at <= $1") { Parameters = { new() { Value = now } } },
                new NpgsqlBatchCommand("DELETE FROM contacts WHERE state = 'pending' AND expires_at <= $1") { Parameters = { new() { Value = now } } },
                new NpgsqlBatchCommand("""
                    DELETE FROM subscribers s WHERE s.confirmed_at IS NULL AND NOT EXISTS (SELECT FROM subscriptions x WHERE x.subscriber_id = s.id)
                      AND NOT EXISTS (SELECT FROM contacts c WHERE c.subscriber_id = s.id)
                    """),
                new NpgsqlBatchCommand("DELETE FROM request_log WHERE at <= $1") { Parameters = { new() { Value = now.AddDays(-1) } } },
            },
        };
        await batch.ExecuteNonQueryAsync(ct);
        await batch.Connection!.DisposeAsync();
    }
}
