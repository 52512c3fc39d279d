using MassTransit;
using Npgsql;
using Selbsthilfe.Notifications.Api.Delivery;
using Selbsthilfe.Notifications.Api.Privacy;
using Selbsthilfe.Notifications.Api.Subscriptions;

namespace Selbsthilfe.Notifications.Api.Reminders;

/// <summary>
/// Sends one job's mail to a chunk of subscribers. Each mail's idempotency key (job, subscriber) is committed as
/// "sending" before the mail leaves, so a redelivered chunk or a crash after sending never sends it twice (a crash
/// between the two leaves it "sending": at most once, never twice). SMTP failures are retried with backoff in process.
/// </summary>
public sealed class SendMailsConsumer(NpgsqlDataSource db, EmailProtector protector, LinkTokens tokens, Mailer mailer, Manage manage, ReminderMetrics metrics,
    TimeProvider clock, ILogger<SendMailsConsumer> logger) : IConsumer<SendMails>
{
    private static readonly TimeSpan[] Backoff = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(15)];

    public async Task Consume(ConsumeContext<SendMails> context)
    {
        var ct = context.CancellationToken;
        var job = context.Message.JobId;
        await using var connection = await db.OpenConnectionAsync(ct);

        string kind;
        MeetingFacts facts;
        DateTimeOffset due;
        await using (var select = new NpgsqlCommand("""
            SELECT j.kind, j.due_at, o.id, o.starts_at, o.ends_at, o.room, o.address, o.postcode, o.city, o.online, l.name
            FROM jobs j JOIN occurrences o ON o.id = j.occurrence_id LEFT JOIN listings l ON l.id = o.listing_id WHERE j.id = $1
            """, connection))
        {
            select.Parameters.AddWithValue(job);
            await using var r = await select.ExecuteReaderAsync(ct);
            if (!await r.ReadAsync(ct)) return; // the meeting is gone (erased with its group)
            kind = r.GetString(0);
            due = r.GetFieldValue<DateTimeOffset>(1);
            facts = new MeetingFacts(r.GetGuid(2), r.GetFieldValue<DateTimeOffset>(3), r.GetFieldValue<DateTimeOffset>(4), Text(r, 5), Text(r, 6),
                Text(r, 7), Text(r, 8), r.GetBoolean(9), Text(r, 10));
        }

        // Claim: only the subscribers this delivery has not yet claimed, and only still active ones.
        var recipients = new List<(Guid Subscriber, Guid Subscription, byte[] Cipher, string KeyId, string Locale, bool NameGroup)>();
        await using (var claim = new NpgsqlCommand("""
            WITH claimed AS (
                INSERT INTO deliveries (job_id, subscriber_id, state, due_at)
                SELECT $1, s.subscriber_id, 'sending', $3 FROM subscriptions s JOIN occurrences o ON o.listing_id = s.listing_id
                WHERE o.id = $4 AND s.subscriber_id = ANY($2) AND s.state = 'active'
                ON CONFLICT DO NOTHING
                RETURNING subscriber_id)
            SELECT c.subscriber_id, s.id, p.email_cipher, p.email_key_id, p.locale, s.name_group_in_mails
            FROM claimed c JOIN subscribers p ON p.id = c.subscriber_id
            JOIN subscriptions s ON s.subscriber_id = c.subscriber_id AND s.listing_id = (SELECT listing_id FROM occurrences WHERE id = $4)
            """, connection))
        {
            claim.Parameters.AddWithValue(job);
            claim.Parameters.AddWithValue(context.Message.SubscriberIds);
            claim.Parameters.AddWithValue(due.ToUniversalTime());
            claim.Parameters.AddWithValue(facts.OccurrenceId);
            await using var r = await claim.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                recipients.Add((r.GetGuid(0), r.GetGuid(1), (byte[])r[2], r.GetString(3), r.GetString(4), r.GetBoolean(5)));
            }
        }
        metrics.Due(kind, recipients.Count);

        foreach (var to in recipients)
        {
            var unsubscribe = tokens.Create(Purposes.Unsubscribe, to.Subscription, clock.GetUtcNow().AddYears(2));
            var mail = MeetingMail.Create(mailer.Sender, protector.Decrypt(to.Cipher, to.KeyId), to.Locale, kind, facts, to.NameGroup,
                WebLinks.Page(mailer.PublicBaseUrl, to.Locale, WebLinks.Unsubscribe, unsubscribe),
                WebLinks.Page(mailer.PublicBaseUrl, to.Locale, WebLinks.OneClickUnsubscribe, unsubscribe),
                manage.Link(mailer.PublicBaseUrl, to.Subscriber, to.Locale));
            mail.MessageId = $"{job:N}.{to.Subscriber:N}@selbsthilfe-plattform";
            var sent = await SendWithRetriesAsync(mail, ct);
            await using var record = new NpgsqlCommand("UPDATE deliveries SET state = $3, sent_at = $4, error = $5 WHERE job_id = $1 AND subscriber_id = $2", connection);
            record.Parameters.AddWithValue(job);
            record.Parameters.AddWithValue(to.Subscriber);
            record.Parameters.AddWithValue(sent is null ? "sent" : "failed");
            record.Parameters.AddWithValue(clock.GetUtcNow().ToUniversalTime());
            record.Parameters.AddWithValue((object?)sent ?? DBNull.Value);
            await record.ExecuteNonQueryAsync(ct);
            if (sent is null) metrics.Sent(kind, clock.GetUtcNow() - due);
            else
            {
                metrics.Failed(kind);
                logger.LogWarning("Mail of job {JobId} to subscriber {SubscriberId} failed: {Error}", job, to.Subscriber, sent);
            }
        }
    }

    /// <returns>Null when sent, else the kind of the last failure.</returns>
    private async Task<string?> SendWithRetriesAsync(MimeKit.MimeMessage mail, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await mailer.SendAsync(mail, ct);
                return null;
            }
            catch (Exception e) when (Mailer.IsTransient(e))
            {
                if (attempt >= Backoff.Length) return e.GetType().Name;
                await Task.Delay(Backoff[attempt], clock, ct);
            }
        }
    }

    private static string? Text(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}
