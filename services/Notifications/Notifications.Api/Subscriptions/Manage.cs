using System.Text.Json.Nodes;
using Npgsql;
using Selbsthilfe.Messaging.Outbox;
using Selbsthilfe.Notifications.Api.Privacy;
using Selbsthilfe.Notifications.Contracts;

namespace Selbsthilfe.Notifications.Api.Subscriptions;

public sealed record SubscriptionChange(IReadOnlyList<int>? LeadTimesMinutes, bool? FollowEvents, bool? NameGroupInMails);

/// <summary>
/// Self-service without passwords: a signed management link (sent to the address on request, and in every mail)
/// lists and changes the address's subscriptions, exports everything held about it (GDPR Art. 15) and erases it
/// (Art. 17) from every table of this service.
/// </summary>
public sealed class Manage(NpgsqlDataSource db, TransactionalOutbox outbox, EmailProtector protector, LinkTokens tokens, TimeProvider clock)
{
    public static readonly TimeSpan LinkValidFor = TimeSpan.FromDays(30);

    /// <summary>The management page's address, in the member's language.</summary>
    public string Link(string baseUrl, Guid subscriberId, string locale) =>
        Delivery.WebLinks.Page(baseUrl, locale, Delivery.WebLinks.Manage, Token(subscriberId));

    /// <summary>A management token, e.g. for the page that has just confirmed an address.</summary>
    public string Token(Guid subscriberId) => tokens.Create(Purposes.Manage, subscriberId, clock.GetUtcNow() + LinkValidFor);

    public Guid? Subscriber(string? token) => tokens.Verify(token, Purposes.Manage, clock.GetUtcNow());

    public async Task<JsonArray> SubscriptionsAsync(Guid subscriber, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var select = new NpgsqlCommand("""
            SELECT s.id, s.listing_id, l.name, s.lead_times_minutes, s.follow_events, s.name_group_in_mails, s.state, coalesce(l.subscribable, false)
            FROM subscriptions s LEFT JOIN listings l ON l.id = s.listing_id WHERE s.subscriber_id = $1 ORDER BY s.created_at
            """, connection);
        select.Parameters.AddWithValue(subscriber);
        var result = new JsonArray();
        await using var r = await select.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            result.Add(new JsonObject
            {
                ["id"] = r.GetGuid(0), ["listingId"] = r.GetGuid(1), ["groupName"] = r.IsDBNull(2) ? null : r.GetString(2),
                ["leadTimesMinutes"] = new JsonArray(r.GetFieldValue<int[]>(3).Select(m => (JsonNode)m).ToArray()),
                ["followEvents"] = r.GetBoolean(4), ["nameGroupInMails"] = r.GetBoolean(5), ["state"] = r.GetString(6),
                ["listed"] = r.GetBoolean(7),
            });
        }
        return result;
    }

    /// <returns>False when the subscription is not this address's.</returns>
    public async Task<bool> ChangeAsync(Guid subscriber, Guid subscription, SubscriptionChange change, bool unsubscribe, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var update = new NpgsqlCommand("""
            UPDATE subscriptions SET lead_times_minutes = coalesce($3, lead_times_minutes), follow_events = coalesce($4, follow_events),
                name_group_in_mails = coalesce($5, name_group_in_mails), state = CASE WHEN $6 THEN 'unsubscribed' ELSE state END
            WHERE id = $2 AND subscriber_id = $1
            """, connection);
        update.Parameters.AddWithValue(subscriber);
        update.Parameters.AddWithValue(subscription);
        update.Parameters.Add(new NpgsqlParameter { Value = (object?)change.LeadTimesMinutes?.Distinct().Order().ToArray() ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Integer });
        update.Parameters.Add(new NpgsqlParameter { Value = (object?)change.FollowEvents ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Boolean });
        update.Parameters.Add(new NpgsqlParameter { Value = (object?)change.NameGroupInMails ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Boolean });
        update.Parameters.AddWithValue(unsubscribe);
        return await update.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>Everything this service holds about the address (Art. 15), as JSON.</summary>
    public async Task<JsonObject?> ExportAsync(Guid subscriber, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        JsonObject export;
        await using (var select = new NpgsqlCommand("SELECT email_cipher, email_key_id, locale, created_at, confirmed_at FROM subscribers WHERE id = $1", connection))
        {
            select.Parameters.AddWithValue(subscriber);
            await using var r = await select.ExecuteReaderAsync(ct);
            if (!await r.ReadAsync(ct)) return null;
            export = new JsonObject
            {
                ["email"] = protector.Decrypt((byte[])r[0], r.GetString(1)), ["locale"] = r.GetString(2),
                ["createdAt"] = r.GetFieldValue<DateTimeOffset>(3), ["confirmedAt"] = r.IsDBNull(4) ? null : r.GetFieldValue<DateTimeOffset>(4),
            };
        }
        var subscriptions = new JsonArray();
        await using (var select = new NpgsqlCommand("""
            SELECT id, listing_id, lead_times_minutes, follow_events, name_group_in_mails, state, created_at, consent_at, consent_text_version, consent_method
            FROM subscriptions WHERE subscriber_id = $1 ORDER BY created_at
            """, connection))
        {
            select.Parameters.AddWithValue(subscriber);
            await using var r = await select.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                subscriptions.Add(new JsonObject
                {
                    ["id"] = r.GetGuid(0), ["listingId"] = r.GetGuid(1),
                    ["leadTimesMinutes"] = new JsonArray(r.GetFieldValue<int[]>(2).Select(m => (JsonNode)m).ToArray()),
                    ["followEvents"] = r.GetBoolean(3), ["nameGroupInMails"] = r.GetBoolean(4), ["state"] = r.GetString(5),
                    ["createdAt"] = r.GetFieldValue<DateTimeOffset>(6),
                    ["consent"] = r.IsDBNull(7) ? null : new JsonObject
                    {
                        ["at"] = r.GetFieldValue<DateTimeOffset>(7), ["textVersion"] = r.GetString(8), ["method"] = r.GetString(9),
                    },
                });
            }
        }
        var deliveries = new JsonArray();
        await using (var select = new NpgsqlCommand("""
            SELECT j.kind, j.occurrence_id, d.state, d.due_at, d.sent_at FROM deliveries d JOIN jobs j ON j.id = d.job_id
            WHERE d.subscriber_id = $1 ORDER BY d.due_at
            """, connection))
        {
            select.Parameters.AddWithValue(subscriber);
            await using var r = await select.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                deliveries.Add(new JsonObject
                {
                    ["kind"] = r.GetString(0), ["occurrenceId"] = r.GetGuid(1), ["state"] = r.GetString(2),
                    ["dueAt"] = r.GetFieldValue<DateTimeOffset>(3), ["sentAt"] = r.IsDBNull(4) ? null : r.GetFieldValue<DateTimeOffset>(4),
                });
            }
        }
        var contacts = new JsonArray();
        await using (var select = new NpgsqlCommand("""
            SELECT c.id, c.state, c.created_at, c.consent_at, c.consent_text_version, c.consent_method,
                   coalesce((SELECT json_agg(json_build_object('kind', m.kind, 'state', m.state, 'at', m.created_at) ORDER BY m.created_at)
                             FROM contact_mails m WHERE m.contact_id = c.id), '[]')::text
            FROM contacts c WHERE c.subscriber_id = $1 ORDER BY c.created_at
            """, connection))
        {
            select.Parameters.AddWithValue(subscriber);
            await using var r = await select.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                contacts.Add(new JsonObject
                {
                    ["contactRef"] = r.GetGuid(0), ["state"] = r.GetString(1), ["createdAt"] = r.GetFieldValue<DateTimeOffset>(2),
                    ["consent"] = r.IsDBNull(3) ? null : new JsonObject
                    {
                        ["at"] = r.GetFieldValue<DateTimeOffset>(3), ["textVersion"] = r.GetString(4), ["method"] = r.GetString(5),
                    },
                    ["mails"] = JsonNode.Parse(r.GetString(6)),
                });
            }
        }
        export["subscriptions"] = subscriptions;
        export["mails"] = deliveries;
        export["foundingContacts"] = contacts;
        return export;
    }

    /// <summary>
    /// Erases the address and all that hangs on it (Art. 17): subscriptions, founding contacts and their mails (by
    /// cascade), delivery log, rate-limit entries. Each founding contact's <see cref="ContactErased"/> commits with the
    /// erasure, so Founding forgets what it held under the reference.
    /// </summary>
    public async Task EraseAsync(Guid subscriber, CancellationToken ct)
    {
        await using var tx = await outbox.BeginAsync(ct);
        var now = clock.GetUtcNow();
        await using (var contacts = tx.Command("SELECT id FROM contacts WHERE subscriber_id = $1"))
        {
            contacts.Parameters.AddWithValue(subscriber);
            var erased = new List<(string, object)>();
            await using (var r = await contacts.ExecuteReaderAsync(ct))
            {
                while (await r.ReadAsync(ct)) erased.Add((r.GetGuid(0).ToString(), new ContactErased(r.GetGuid(0), now)));
            }
            await tx.RaiseAllAsync(erased, ct);
        }
        await using var batch = new NpgsqlBatch(tx.Connection, tx.Transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("DELETE FROM deliveries WHERE subscriber_id = $1") { Parameters = { new() { Value = subscriber } } },
                new NpgsqlBatchCommand("""
                    DELETE FROM request_log WHERE bucket = 'address' AND key = (SELECT email_index FROM subscribers WHERE id = $1)
                    """) { Parameters = { new() { Value = subscriber } } },
                new NpgsqlBatchCommand("DELETE FROM subscribers WHERE id = $1") { Parameters = { new() { Value = subscriber } } },
            },
        };
        await batch.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>The subscriber of an address, for sending a management link; null when unknown.</summary>
    public async Task<(Guid Id, string Locale)?> FindAsync(string email, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var select = new NpgsqlCommand("SELECT id, locale FROM subscribers WHERE email_index = $1 AND confirmed_at IS NOT NULL", connection);
        select.Parameters.AddWithValue(protector.BlindIndex(email));
        await using var r = await select.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? (r.GetGuid(0), r.GetString(1)) : null;
    }
}
