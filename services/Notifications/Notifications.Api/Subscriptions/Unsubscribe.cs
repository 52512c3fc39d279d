using Npgsql;
using Selbsthilfe.Notifications.Api.Privacy;

namespace Selbsthilfe.Notifications.Api.Subscriptions;

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
