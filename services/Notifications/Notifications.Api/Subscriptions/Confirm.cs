using Selbsthilfe.ServiceDefaults.Hosting;
using Npgsql;
using Selbsthilfe.Notifications.Api.Delivery;
using Selbsthilfe.Notifications.Api.Privacy;

namespace Selbsthilfe.Notifications.Api.Subscriptions;

/// <summary>
/// The second step of the double opt-in: a signed, expiring link from the confirmation mail activates the
/// subscription and stores the consent as proof (time, wording version, how it was given).
/// </summary>
public sealed class Confirm(NpgsqlDataSource db, LinkTokens tokens, TimeProvider clock)
{
    public const string Method = "double-opt-in-link";

    /// <returns>True when the subscription is active (now, or already before).</returns>
    public async Task<bool> RunAsync(string? token, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (tokens.Verify(token, Purposes.Confirm, now) is not { } subscriptionId) return false;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using var activate = new NpgsqlCommand("""
            UPDATE subscriptions SET state = 'active', expires_at = NULL, consent_at = $2, consent_text_version = $3, consent_method = $4
            WHERE id = $1 AND state = 'pending' AND expires_at > $2
            RETURNING subscriber_id, listing_id
            """, connection, tx);
        activate.Parameters.AddWithValue(subscriptionId);
        activate.Parameters.AddWithValue(now.ToUniversalTime());
        activate.Parameters.AddWithValue(ConfirmationMail.ConsentTextVersion);
        activate.Parameters.AddWithValue(Method);
        Guid? subscriberId = null, listingId = null;
        await using (var reader = await activate.ExecuteReaderAsync(ct))
        {
            if (await reader.ReadAsync(ct)) (subscriberId, listingId) = (reader.GetGuid(0), reader.GetGuid(1));
        }
        if (subscriberId is not null)
        {
            await using var confirmed = new NpgsqlCommand(
                "UPDATE subscribers SET confirmed_at = coalesce(confirmed_at, $2) WHERE id = $1", connection, tx);
            confirmed.Parameters.AddWithValue(subscriberId);
            confirmed.Parameters.AddWithValue(now.ToUniversalTime());
            await confirmed.ExecuteNonQueryAsync(ct);
            // Meetings already announced get this member's reminders too.
            await Reminders.ReminderJobs.PlanAsync(connection, tx, null, listingId, now, ct);
            await tx.CommitAsync(ct);
            return true;
        }
        await using var already = new NpgsqlCommand("SELECT EXISTS (SELECT FROM subscriptions WHERE id = $1 AND state = 'active')", connection, tx);
        already.Parameters.AddWithValue(subscriptionId);
        return await already.ExecuteScalarAsync(ct) is true;
    }
}

/// <summary>
/// Deletes what was never confirmed: pending requests after their expiry, addresses left without any subscription
/// that were never confirmed, and the rate-limit log after a day.
/// </summary>
/// <summary>One-click unsubscribe (RFC 8058): a signed link from every mail ends that subscription at once.</summary>
public sealed class Unsubscribe(NpgsqlDataSource db, LinkTokens tokens, TimeProvider clock)
{
    public async Task<bool> RunAsync(string? token, CancellationToken ct)
    {
        if (tokens.Verify(token, Purposes.Unsubscribe, clock.GetUtcNow()) is not { } subscriptionId) return false;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var update = new NpgsqlCommand("UPDATE subscriptions SET state = 'unsubscribed' WHERE id = $1", connection);
        update.Parameters.AddWithValue(subscriptionId);
        await update.ExecuteNonQueryAsync(ct);
        return true;
    }
}

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
                new NpgsqlBatchCommand("""
                    DELETE FROM subscribers s WHERE s.confirmed_at IS NULL AND NOT EXISTS (SELECT FROM subscriptions x WHERE x.subscriber_id = s.id)
                    """),
                new NpgsqlBatchCommand("DELETE FROM request_log WHERE at <= $1") { Parameters = { new() { Value = now.AddDays(-1) } } },
            },
        };
        await batch.ExecuteNonQueryAsync(ct);
        await batch.Connection!.DisposeAsync();
    }
}
