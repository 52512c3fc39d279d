using MassTransit;
using Npgsql;
using Selbsthilfe.FoundingSupport.Contracts;
using Selbsthilfe.Notifications.Api.Delivery;
using Selbsthilfe.Notifications.Api.Privacy;
using Selbsthilfe.Notifications.Api.Subscriptions;

namespace Selbsthilfe.Notifications.Api.Contacts;

/// <summary>
/// Tells founding contacts what Founding decided, by their references: the poster of a released peer search, the
/// poster when someone is interested, the initiator when enough peers gathered, each consenting person the others'
/// addresses, every invitee the first meeting. Only confirmed contacts get mail. Each mail's key (message, contact)
/// is committed before it is sent, so a redelivered message never mails twice.
/// </summary>
public sealed class FoundingMailsConsumer(NpgsqlDataSource db, EmailProtector protector, Mailer mailer, Manage manage, TimeProvider clock) :
    IConsumer<PeerSearchReleased>, IConsumer<PeerInterestExpressed>, IConsumer<PeersGathered>, IConsumer<ContactsReleased>, IConsumer<FirstMeetingPlanned>
{
    public Task Consume(ConsumeContext<PeerSearchReleased> context) =>
        SendAsync(context, FoundingMail.Released, [context.Message.PosterContactRef], (_, _) => (0, null));

    public Task Consume(ConsumeContext<PeerInterestExpressed> context) =>
        SendAsync(context, FoundingMail.Interest, [context.Message.PosterContactRef], (_, _) => (context.Message.InterestedCount, null));

    public Task Consume(ConsumeContext<PeersGathered> context) =>
        SendAsync(context, FoundingMail.PeersGathered, [context.Message.InitiatorContactRef], (_, _) => (context.Message.InterestedCount, null));

    public Task Consume(ConsumeContext<ContactsReleased> context) =>
        // Each gets the addresses of the others, and only of those that are confirmed contacts too.
        SendAsync(context, FoundingMail.ContactsReleased, context.Message.ContactRefs,
            (me, all) => (0, all.Where(a => a.Contact != me).Select(a => a.Email).ToList()), minRecipients: 2);

    public Task Consume(ConsumeContext<FirstMeetingPlanned> context)
    {
        var m = context.Message;
        var meeting = new MeetingFacts(m.EventId, m.StartsAt, m.EndsAt, m.Room, m.Address, m.Postcode, m.City, m.Online,
            GroupName: null);
        return SendAsync(context, FoundingMail.Invitation, m.InviteeContactRefs, (_, _) => (0, null), meeting: meeting);
    }

    private async Task SendAsync(ConsumeContext context, string kind, IReadOnlyList<Guid> contactRefs,
        Func<Guid, IReadOnlyList<Recipient>, (int Count, IReadOnlyList<string>? Others)> details, int minRecipients = 1, MeetingFacts? meeting = null)
    {
        var ct = context.CancellationToken;
        var messageId = context.MessageId ?? throw new InvalidOperationException("A founding event without a message id cannot be sent once only.");
        await using var connection = await db.OpenConnectionAsync(ct);

        // All confirmed contacts of the message (for "contacts released": whose addresses may be shared), then the
        // ones not yet mailed for this message, claimed in one statement.
        var all = new List<Recipient>();
        await using (var select = new NpgsqlCommand("""
            SELECT c.id, s.id, s.email_cipher, s.email_key_id, s.locale FROM contacts c JOIN subscribers s ON s.id = c.subscriber_id
            WHERE c.id = ANY($1) AND c.state = 'active'
            """, connection))
        {
            select.Parameters.AddWithValue(contactRefs.Distinct().ToArray());
            await using var r = await select.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                all.Add(new Recipient(r.GetGuid(0), r.GetGuid(1), protector.Decrypt((byte[])r[2], r.GetString(3)), r.GetString(4)));
            }
        }
        if (all.Count < minRecipients) return;
        var claimed = new HashSet<Guid>();
        await using (var claim = new NpgsqlCommand("""
            INSERT INTO contact_mails (message_id, contact_id, kind, state, created_at) SELECT $1, unnest($2::uuid[]), $3, 'sending', $4
            ON CONFLICT DO NOTHING RETURNING contact_id
            """, connection))
        {
            claim.Parameters.AddWithValue(messageId);
            claim.Parameters.AddWithValue(all.Select(a => a.Contact).ToArray());
            claim.Parameters.AddWithValue(kind);
            claim.Parameters.AddWithValue(clock.GetUtcNow().ToUniversalTime());
            await using var r = await claim.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) claimed.Add(r.GetGuid(0));
        }

        foreach (var to in all.Where(a => claimed.Contains(a.Contact)))
        {
            var (count, others) = details(to.Contact, all);
            var mail = FoundingMail.Create(mailer.Sender, to.Email, to.Locale, kind, manage.Link(mailer.PublicBaseUrl, to.Subscriber, to.Locale), count, others, meeting);
            mail.MessageId = $"{messageId:N}.{to.Contact:N}@selbsthilfe-plattform";
            var sent = await mailer.TrySendAsync(mail, "Founding " + kind, to.Subscriber, ct); // the subscriber id: a contact reference is never logged
            await using var record = new NpgsqlCommand("UPDATE contact_mails SET state = $3 WHERE message_id = $1 AND contact_id = $2", connection);
            record.Parameters.AddWithValue(messageId);
            record.Parameters.AddWithValue(to.Contact);
            record.Parameters.AddWithValue(sent ? "sent" : "failed");
            await record.ExecuteNonQueryAsync(ct);
        }
    }

    private sealed record Recipient(Guid Contact, Guid Subscriber, string Email, string Locale);
}
