using MassTransit;
using Npgsql;
using Selbsthilfe.FoundingSupport.Contracts;
using Selbsthilfe.Notifications.Api.Delivery;

namespace Selbsthilfe.Notifications.Api.Contacts;

/// <summary>
/// Enough peers gathered for an initiative: its office hears of it at its public address (from OfficeRegistered). The
/// mail's key (message, office) is committed before it is sent, so a redelivered message never mails twice. An office
/// without an address gets nothing here; it sees the initiative in its founding view.
/// </summary>
public sealed class MailOfficeConsumer(NpgsqlDataSource db, Mailer mailer, TimeProvider clock) : IConsumer<PeersGathered>
{
    public async Task Consume(ConsumeContext<PeersGathered> context)
    {
        var ct = context.CancellationToken;
        var m = context.Message;
        var messageId = context.MessageId ?? throw new InvalidOperationException("A founding event without a message id cannot be sent once only.");
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var claim = new NpgsqlCommand("""
            INSERT INTO office_mails (message_id, office_id, kind, state, created_at)
            SELECT $1, id, $3, 'sending', $4 FROM offices WHERE id = $2 AND email IS NOT NULL
            ON CONFLICT DO NOTHING RETURNING (SELECT name FROM offices WHERE id = $2), (SELECT email FROM offices WHERE id = $2)
            """, connection);
        claim.Parameters.AddWithValue(messageId);
        claim.Parameters.AddWithValue(m.OfficeId);
        claim.Parameters.AddWithValue(OfficeMail.PeersGathered);
        claim.Parameters.AddWithValue(clock.GetUtcNow().ToUniversalTime());
        string name, email;
        await using (var r = await claim.ExecuteReaderAsync(ct))
        {
            if (!await r.ReadAsync(ct)) return; // sent already, or no address
            (name, email) = (r.GetString(0), r.GetString(1));
        }

        // Offices read German first: their public page on the site, never the JSON API (the portal comes later).
        var page = $"{mailer.PublicBaseUrl}/kontaktstellen/{Uri.EscapeDataString(m.OfficeId)}";
        var mail = OfficeMail.PeersGatheredMail(mailer.Sender, email, name, m.InitiativeId, m.Topic, m.Postcode, m.InterestedCount, page);
        mail.MessageId = $"{messageId:N}.office@selbsthilfe-plattform";
        var sent = await mailer.TrySendAsync(mail, "Office " + OfficeMail.PeersGathered, m.InitiativeId, ct);
        await using var record = new NpgsqlCommand("UPDATE office_mails SET state = $3 WHERE message_id = $1 AND office_id = $2", connection);
        record.Parameters.AddWithValue(messageId);
        record.Parameters.AddWithValue(m.OfficeId);
        record.Parameters.AddWithValue(sent ? "sent" : "failed");
        await record.ExecuteNonQueryAsync(ct);
    }
}
