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

    /// <returns>The subscriber when the subscription is active (now, or already before), else null.</returns>
    public async Task<Guid?> RunAsync(string? token, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (tokens.Verify(token, Purposes.Confirm, now) is not { } subscriptionId) return null;
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
            return subscriberId;
        }
        await using var already = new NpgsqlCommand("SELECT subscriber_id FROM subscriptions WHERE id = $1 AND state = 'active'", connection, tx);
        already.Parameters.AddWithValue(subscriptionId);
        return await already.ExecuteScalarAsync(ct) as Guid?;
    }
}
