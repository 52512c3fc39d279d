using System.Security.Claims;
using Selbsthilfe.FoundingSupport.Api.Contacts;
using Selbsthilfe.FoundingSupport.Api.Data;
using Selbsthilfe.FoundingSupport.Api.Domain;
using Selbsthilfe.FoundingSupport.Api.Offices;
using Selbsthilfe.FoundingSupport.Api.Suggestions;
using Selbsthilfe.FoundingSupport.Contracts;
using Selbsthilfe.Messaging.Outbox;

namespace Selbsthilfe.FoundingSupport.Api.PeerSearch;

/// <summary>
/// Peer searches: posted by anyone (pending), released or rejected by the office of their region, then open to
/// interest. Each change and its events commit together through the outbox. Only confirmed contacts count
/// (<see cref="ConfirmedContacts"/>): a posting is released only when its poster confirmed, and interest from an
/// unconfirmed reference is kept and announced once the confirmation arrives.
/// </summary>
public sealed class PostingCommands(TransactionalOutbox outbox, PostingStore postings, TimeProvider clock)
{
    public async Task<CommandResult<PostingCreated>> CreateAsync(CreatePostingRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        FoundingRules.Topic(request.Topic, errors);
        FoundingRules.Postcode(request.Postcode, "postcode", errors);
        FoundingRules.Text(request.Text, "text", FoundingRules.MaxPostingText, errors);
        FoundingRules.Locale(request.Locale ?? "de", errors);
        FoundingRules.ContactRef(request.ContactRef, "contactRef", errors);
        if (errors.Count > 0) return CommandResult<PostingCreated>.Invalid(errors);

        await using var tx = await outbox.BeginAsync(ct);
        var office = await OfficeRegions.ResponsibleAsync(tx.Connection, tx.Transaction, request.Postcode!, ct);
        if (office is null) return CommandResult<PostingCreated>.Fail(Outcome.NoOffice);
        var id = Guid.CreateVersion7();
        await using (var insert = tx.Command("""
            INSERT INTO postings (id, office_id, topic, postcode, text, locale, poster_contact_ref, state, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8)
            """))
        {
            insert.Parameters.AddWithValue(id);
            insert.Parameters.AddWithValue(office.Id);
            insert.Parameters.AddWithValue(request.Topic!);
            insert.Parameters.AddWithValue(request.Postcode!);
            insert.Parameters.AddWithValue(request.Text!.Trim());
            insert.Parameters.AddWithValue(request.Locale ?? "de");
            insert.Parameters.AddWithValue(request.ContactRef!.Value);
            insert.Parameters.AddWithValue(clock.GetUtcNow().ToUniversalTime());
            await insert.ExecuteNonQueryAsync(ct);
        }
        var suggestions = await GroupSuggestions.FindAsync(tx.Connection, tx.Transaction, request.Topic!, request.Postcode!, office, ct);
        var confirmed = await ConfirmedContacts.IsConfirmedAsync(tx, request.ContactRef!.Value, ct);
        await tx.CommitAsync(ct);
        return CommandResult<PostingCreated>.Ok(new PostingCreated(id, PostingStates.Pending, office.Id, suggestions, confirmed));
    }

    /// <summary>The office of the posting's region releases it (its text becomes public) or rejects it.</summary>
    public async Task<CommandResult<OfficePosting>> ModerateAsync(Guid id, bool release, ClaimsPrincipal user, CancellationToken ct)
    {
        await using var tx = await outbox.BeginAsync(ct);
        var posting = await postings.LockAsync(tx, id, ct);
        if (posting is null) return CommandResult<OfficePosting>.Fail(Outcome.NotFound);
        if (!user.MayActFor(posting.OfficeId)) return CommandResult<OfficePosting>.Fail(Outcome.Forbidden);
        if (posting.State != PostingStates.Pending)
        {
            return CommandResult<OfficePosting>.Fail(Outcome.Conflict,
                $"Das Gesuch ist bereits moderiert (\"{posting.State}\"). / The posting has already been moderated ({posting.State}).");
        }
        if (release && !posting.PosterConfirmed)
        {
            return CommandResult<OfficePosting>.Fail(Outcome.Conflict,
                "Die Kontaktadresse des Gesuchs ist noch nicht bestätigt; erst danach kann es freigegeben werden. / The poster has not confirmed the address yet.");
        }
        var now = clock.GetUtcNow();
        var state = release ? PostingStates.Released : PostingStates.Rejected;
        await using (var update = tx.Command("UPDATE postings SET state = $2, moderated_at = $3, moderated_by = $4 WHERE id = $1"))
        {
            update.Parameters.AddWithValue(id);
            update.Parameters.AddWithValue(state);
            update.Parameters.AddWithValue(now.ToUniversalTime());
            update.Parameters.AddWithValue(user.Subject());
            await update.ExecuteNonQueryAsync(ct);
        }
        if (release)
        {
            await tx.RaiseAsync(id.ToString(), new PeerSearchReleased(id, posting.OfficeId, posting.Topic, posting.Postcode, posting.PosterContactRef, now), ct);
        }
        await tx.CommitAsync(ct);
        return CommandResult<OfficePosting>.Ok(posting.ToOffice() with { State = state, ModeratedAt = now });
    }

    /// <summary>
    /// Someone is interested in a released posting: once per contact reference (asking again changes nothing); the
    /// poster is told through Notifications without either address being revealed.
    /// </summary>
    public async Task<CommandResult<InterestCount>> ExpressInterestAsync(Guid id, Guid? contactRef, CancellationToken ct)
    {
        if (FoundingRules.MissingContactRef(contactRef) is { } errors) return CommandResult<InterestCount>.Invalid(errors);

        await using var tx = await outbox.BeginAsync(ct);
        var posting = await postings.LockAsync(tx, id, ct);
        if (posting is null || posting.State is PostingStates.Pending or PostingStates.Rejected) return CommandResult<InterestCount>.Fail(Outcome.NotFound);
        if (posting.State == PostingStates.Converted)
        {
            return new CommandResult<InterestCount>(Outcome.Conflict,
                Detail: "Aus diesem Gesuch ist eine Gründungsinitiative geworden; bitte dort Interesse bekunden. / This posting became an initiative; join it there.",
                Extensions: new Dictionary<string, object?> { ["initiativeId"] = posting.InitiativeId });
        }
        if (posting.PosterContactRef == contactRef)
        {
            return CommandResult<InterestCount>.Invalid("contactRef", "Das ist Ihr eigenes Gesuch. / This is your own posting.");
        }
        var now = clock.GetUtcNow();
        await using var insert = tx.Command("""
            INSERT INTO posting_interests (posting_id, contact_ref, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING
            """);
        insert.Parameters.AddWithValue(id);
        insert.Parameters.AddWithValue(contactRef!.Value);
        insert.Parameters.AddWithValue(now.ToUniversalTime());
        var added = await insert.ExecuteNonQueryAsync(ct) == 1;
        var confirmed = await ConfirmedContacts.IsConfirmedAsync(tx, contactRef.Value, ct);
        var count = posting.InterestedCount + (added && confirmed ? 1 : 0);
        if (added && confirmed) await tx.RaiseAsync(id.ToString(), new PeerInterestExpressed(id, posting.OfficeId, posting.PosterContactRef, count, now), ct);
        await tx.CommitAsync(ct);
        return CommandResult<InterestCount>.Ok(new InterestCount(count, Pending: !confirmed));
    }

    /// <summary>
    /// A contact was just confirmed: its interest in released postings counts now, and each poster hears of it.
    /// Runs in the transaction of the confirmation's consumer.
    /// </summary>
    public async Task CountConfirmedInterestAsync(DomainTransaction tx, Guid contactRef, DateTimeOffset now, CancellationToken ct)
    {
        await using var select = tx.Command("""
            SELECT i.posting_id FROM posting_interests i JOIN postings p ON p.id = i.posting_id
            WHERE i.contact_ref = $1 AND p.state = 'released' ORDER BY i.created_at, i.posting_id
            """);
        select.Parameters.AddWithValue(contactRef);
        foreach (var id in await Rows.GuidsAsync(select, ct))
        {
            var posting = (await postings.LockAsync(tx, id, ct))!;
            await tx.RaiseAsync(id.ToString(), new PeerInterestExpressed(id, posting.OfficeId, posting.PosterContactRef, posting.InterestedCount, now), ct);
        }
    }
}
