using System.Net;
using Npgsql;
using Selbsthilfe.Messaging.Outbox;
using Selbsthilfe.Notifications.Api.Delivery;
using Selbsthilfe.Notifications.Api.Privacy;
using Selbsthilfe.Notifications.Api.Subscriptions;
using Selbsthilfe.Notifications.Contracts;

namespace Selbsthilfe.Notifications.Api.Contacts;

public sealed record ContactRequest(string? Email, string? Locale);

public enum ContactOutcome { Accepted, Invalid, TooMany }

/// <summary>
/// Contacts for founding support. Someone who posts a peer search or starts an initiative gives an address here and
/// gets back a contact reference, the only thing Founding keeps. The address needs a double opt-in like a
/// subscription; nothing but the confirmation mail goes to it before. Every request gets a fresh reference, so the
/// answer never tells whether the address is known. The same rate limits as subscriptions stop mail bombing.
/// The reference is a bearer secret of its owner: it is never logged (mail failures name the subscriber id).
/// </summary>
public sealed class FoundingContacts(NpgsqlDataSource db, TransactionalOutbox outbox, Subscribe subscribe, LinkTokens tokens, Mailer mailer,
    TimeProvider clock)
{
    public async Task<(ContactOutcome Outcome, Guid? ContactRef, Dictionary<string, string[]>? Errors)> RegisterAsync(ContactRequest request,
        IPAddress? client, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        Subscribe.ValidateAddress(request.Email, request.Locale, errors, out var email, out var locale);
        if (errors.Count > 0) return (ContactOutcome.Invalid, null, errors);
        if (!await subscribe.AllowAsync(email!, client, ct)) return (ContactOutcome.TooMany, null, null);

        var now = clock.GetUtcNow();
        var contactId = Guid.NewGuid(); // random (122 bits), not time-ordered: unguessable, and it must not tell when it was made
        Guid subscriberId;
        await using (var connection = await db.OpenConnectionAsync(ct))
        await using (var tx = await connection.BeginTransactionAsync(ct))
        {
            subscriberId = await subscribe.UpsertSubscriberAsync(connection, tx, email!, locale, now, ct);
            await using var insert = new NpgsqlCommand(
                "INSERT INTO contacts (id, subscriber_id, state, created_at, expires_at) VALUES ($1, $2, 'pending', $3, $4)", connection, tx);
            insert.Parameters.AddWithValue(contactId);
            insert.Parameters.AddWithValue(subscriberId);
            insert.Parameters.AddWithValue(now.ToUniversalTime());
            insert.Parameters.AddWithValue((now + Subscribe.PendingFor).ToUniversalTime());
            await insert.ExecuteNonQueryAsync(ct);
            await tx.CommitAsync(ct);
        }
        var url = WebLinks.Page(mailer.PublicBaseUrl, locale, WebLinks.ConfirmContact,
            tokens.Create(Purposes.ConfirmContact, contactId, now + Subscribe.PendingFor));
        await mailer.TrySendAsync(ConfirmationMail.Create(mailer.Sender, email!, locale, url, ConfirmationMail.Founding), "Contact confirmation", subscriberId, ct);
        return (ContactOutcome.Accepted, contactId, null);
    }

    /// <summary>
    /// Activates the contact and raises <see cref="ContactConfirmed"/> in the same transaction: only from then on does
    /// Founding count what was done with the reference.
    /// </summary>
    /// <returns>The contact's subscriber when the contact is active (now, or already before), else null.</returns>
    public async Task<Guid?> ConfirmAsync(string? token, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (tokens.Verify(token, Purposes.ConfirmContact, now) is not { } contactId) return null;
        await using var tx = await outbox.BeginAsync(ct);
        await using var activate = tx.Command("""
            WITH activated AS (
                UPDATE contacts SET state = 'active', expires_at = NULL, consent_at = $2, consent_text_version = $3, consent_method = $4
                WHERE id = $1 AND state = 'pending' AND expires_at > $2
                RETURNING subscriber_id)
            UPDATE subscribers SET confirmed_at = coalesce(confirmed_at, $2) WHERE id IN (SELECT subscriber_id FROM activated)
            RETURNING id
            """);
        activate.Parameters.AddWithValue(contactId);
        activate.Parameters.AddWithValue(now.ToUniversalTime());
        activate.Parameters.AddWithValue(ConfirmationMail.ConsentTextVersion);
        activate.Parameters.AddWithValue(Confirm.Method);
        if (await activate.ExecuteScalarAsync(ct) is Guid subscriberId)
        {
            await tx.RaiseAsync(contactId.ToString(), new ContactConfirmed(contactId, now), ct);
            await tx.CommitAsync(ct);
            return subscriberId;
        }
        await using var already = tx.Command("SELECT subscriber_id FROM contacts WHERE id = $1 AND state = 'active'");
        already.Parameters.AddWithValue(contactId);
        return await already.ExecuteScalarAsync(ct) as Guid?;
    }
}
