using System.Net;
using MimeKit;
using Npgsql;
using Selbsthilfe.Notifications.Api.Delivery;
using Selbsthilfe.Notifications.Api.Privacy;

namespace Selbsthilfe.Notifications.Api.Subscriptions;

public sealed record SubscribeRequest(string? Email, Guid? ListingId, IReadOnlyList<int>? LeadTimesMinutes, string? Locale, bool? FollowEvents);

public enum SubscribeOutcome { Accepted, Invalid, UnknownGroup, TooMany }

/// <summary>
/// Asks for a subscription and sends the double opt-in mail. The answer is the same whether the address is new,
/// pending or already subscribed (nobody learns from it who follows which group); an active subscription gets no
/// mail again. Requests are limited per address and per client against mail bombing.
/// </summary>
public sealed class Subscribe(NpgsqlDataSource db, EmailProtector protector, LinkTokens tokens, Mailer mailer, TimeProvider clock)
{
    public const int PerAddressPerHour = 3;
    public const int PerClientPerHour = 20;
    public static readonly TimeSpan PendingFor = TimeSpan.FromHours(48);

    public async Task<(SubscribeOutcome Outcome, Dictionary<string, string[]>? Errors)> RunAsync(SubscribeRequest request, IPAddress? client,
        CancellationToken ct)
    {
        var errors = Validate(request, out var email, out var leadTimes, out var locale);
        if (errors.Count > 0) return (SubscribeOutcome.Invalid, errors);
        var now = clock.GetUtcNow();
        if (!await KnownGroupAsync(request.ListingId!.Value, ct)) return (SubscribeOutcome.UnknownGroup, null);
        if (!await AllowAsync(email!, client, ct)) return (SubscribeOutcome.TooMany, null);

        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var subscriberId = await UpsertSubscriberAsync(connection, tx, email!, locale!, now, ct);

        Guid? toConfirm;
        await using (var upsert = new NpgsqlCommand("""
            INSERT INTO subscriptions (id, subscriber_id, listing_id, lead_times_minutes, follow_events, state, created_at, expires_at)
            VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7)
            ON CONFLICT (subscriber_id, listing_id) DO UPDATE SET lead_times_minutes = excluded.lead_times_minutes,
                follow_events = excluded.follow_events, state = 'pending', expires_at = excluded.expires_at
            WHERE subscriptions.state <> 'active'
            RETURNING id
            """, connection, tx))
        {
            upsert.Parameters.AddWithValue(Guid.CreateVersion7());
            upsert.Parameters.AddWithValue(subscriberId);
            upsert.Parameters.AddWithValue(request.ListingId!.Value);
            upsert.Parameters.AddWithValue(leadTimes!);
            upsert.Parameters.AddWithValue(request.FollowEvents ?? false);
            upsert.Parameters.AddWithValue(now.ToUniversalTime());
            upsert.Parameters.AddWithValue((now + PendingFor).ToUniversalTime());
            toConfirm = await upsert.ExecuteScalarAsync(ct) as Guid?;
        }
        await tx.CommitAsync(ct);

        if (toConfirm is { } subscriptionId)
        {
            var url = WebLinks.Page(mailer.PublicBaseUrl, locale!, WebLinks.Confirm, tokens.Create(Purposes.Confirm, subscriptionId, now + PendingFor));
            await mailer.TrySendAsync(ConfirmationMail.Create(mailer.Sender, email!, locale!, url, ConfirmationMail.Reminders), "Confirmation", subscriptionId, ct);
        }
        return (SubscribeOutcome.Accepted, null);
    }

    /// <summary>
    /// The subscriber row of an address (found by its blind index), created encrypted when new; an existing one keeps
    /// its locale and confirmation. Shared by subscriptions and founding contacts: one address, one row.
    /// </summary>
    public async Task<Guid> UpsertSubscriberAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string email, string locale, DateTimeOffset now,
        CancellationToken ct)
    {
        var (cipher, keyId) = protector.Encrypt(email);
        await using var upsert = new NpgsqlCommand("""
            INSERT INTO subscribers (id, email_index, email_cipher, email_key_id, locale, created_at) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (email_index) DO UPDATE SET email_index = excluded.email_index
            RETURNING id
            """, connection, tx);
        upsert.Parameters.AddWithValue(Guid.CreateVersion7());
        upsert.Parameters.AddWithValue(protector.BlindIndex(email));
        upsert.Parameters.AddWithValue(cipher);
        upsert.Parameters.AddWithValue(keyId);
        upsert.Parameters.AddWithValue(locale);
        upsert.Parameters.AddWithValue(now.ToUniversalTime());
        return (Guid)(await upsert.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Checks an address and a locale; adds bilingual errors under "email" and "locale".</summary>
    public static void ValidateAddress(string? rawEmail, string? rawLocale, Dictionary<string, string[]> errors, out string? email, out string locale)
    {
        email = rawEmail?.Trim();
        if (email is null || email.Length > 254 || !MailboxAddress.TryParse(email, out var address) || address.Address != email
            || !email.Contains('@', StringComparison.Ordinal) || email.EndsWith('@'))
        {
            errors["email"] = ["Bitte eine gültige E-Mail-Adresse angeben. / Please give a valid e-mail address."];
        }
        locale = rawLocale ?? "de";
        if (locale is not ("de" or "en")) errors["locale"] = ["Sprache: de oder en. / Language: de or en."];
    }

    private static Dictionary<string, string[]> Validate(SubscribeRequest r, out string? email, out int[]? leadTimes, out string? locale)
    {
        var errors = new Dictionary<string, string[]>();
        ValidateAddress(r.Email, r.Locale, errors, out email, out var validLocale);
        locale = validLocale;
        if (r.ListingId is null) errors["listingId"] = ["Welche Gruppe? / Which group?"];
        leadTimes = (r.LeadTimesMinutes ?? [1440]).Distinct().Order().ToArray();
        if (leadTimes.Length is 0 or > 5 || leadTimes.Any(m => m is < 15 or > 14 * 24 * 60))
        {
            errors["leadTimesMinutes"] = ["Ein bis fünf Vorlaufzeiten zwischen 15 Minuten und 14 Tagen. / One to five lead times, 15 minutes to 14 days."];
        }
        return errors;
    }

    private async Task<bool> KnownGroupAsync(Guid listingId, CancellationToken ct)
    {
        await using var select = db.CreateCommand("SELECT subscribable FROM listings WHERE id = $1");
        select.Parameters.AddWithValue(listingId);
        return await select.ExecuteScalarAsync(ct) is true;
    }

    /// <summary>
    /// Counts a request against the limits of its address and its client (mail bombing) and says whether it may
    /// proceed. The client's IP address is personal data too: only its keyed hash is stored.
    /// </summary>
    public async Task<bool> AllowAsync(string email, IPAddress? client, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var index = protector.BlindIndex(email);
        var clientKey = protector.BlindIndex("client:" + (client?.ToString() ?? "unknown"));
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (await CountAsync(connection, tx, "address", index, now, ct) >= PerAddressPerHour
            || await CountAsync(connection, tx, "client", clientKey, now, ct) >= PerClientPerHour)
        {
            return false;
        }
        await RecordRequestAsync(connection, tx, "address", index, now, ct);
        await RecordRequestAsync(connection, tx, "client", clientKey, now, ct);
        await tx.CommitAsync(ct);
        return true;
    }

    private static async Task<long> CountAsync(NpgsqlConnection c, NpgsqlTransaction tx, string bucket, byte[] key, DateTimeOffset now, CancellationToken ct)
    {
        // Serialises concurrent requests for one key, so a burst cannot slip past the limit.
        await using (var lockKey = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended($1 || encode($2, 'hex'), 0))", c, tx))
        {
            lockKey.Parameters.AddWithValue(bucket);
            lockKey.Parameters.AddWithValue(key);
            await lockKey.ExecuteNonQueryAsync(ct);
        }
        await using var count = new NpgsqlCommand("SELECT count(*) FROM request_log WHERE bucket = $1 AND key = $2 AND at > $3", c, tx);
        count.Parameters.AddWithValue(bucket);
        count.Parameters.AddWithValue(key);
        count.Parameters.AddWithValue(now.AddHours(-1).ToUniversalTime());
        return (long)(await count.ExecuteScalarAsync(ct))!;
    }

    private static async Task RecordRequestAsync(NpgsqlConnection c, NpgsqlTransaction tx, string bucket, byte[] key, DateTimeOffset now, CancellationToken ct)
    {
        await using var insert = new NpgsqlCommand("INSERT INTO request_log (bucket, key, at) VALUES ($1, $2, $3)", c, tx);
        insert.Parameters.AddWithValue(bucket);
        insert.Parameters.AddWithValue(key);
        insert.Parameters.AddWithValue(now.ToUniversalTime());
        await insert.ExecuteNonQueryAsync(ct);
    }
}

public static class Purposes
{
    public const string Confirm = "confirm";
    public const string Unsubscribe = "unsubscribe";
    public const string Manage = "manage";
    public const string ConfirmContact = "confirm-contact";
}
