using System.Security.Claims;
using Microsoft.Extensions.Options;
using Selbsthilfe.FoundingSupport.Api.Domain;
using Selbsthilfe.FoundingSupport.Api.Offices;
using Selbsthilfe.FoundingSupport.Api.PeerSearch;
using Selbsthilfe.FoundingSupport.Api.Suggestions;
using Selbsthilfe.FoundingSupport.Contracts;
using Selbsthilfe.Messaging.Outbox;

namespace Selbsthilfe.FoundingSupport.Api.Initiatives;

/// <summary>
/// Creating an initiative (proposed, with the office of its region), possibly from a released posting whose interested
/// people it takes over; existing open groups of the topic nearby are suggested in the answer.
/// </summary>
public sealed class InitiativeCommands(TransactionalOutbox outbox, PostingStore postings, InitiativeMembers members, FoundingMetrics metrics, TimeProvider clock)
{
    public async Task<CommandResult<InitiativeCreated>> CreateAsync(CreateInitiativeRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        FoundingRules.ContactRef(request.InitiatorContactRef, "initiatorContactRef", errors);
        FoundingRules.Locale(request.Locale ?? "de", errors);
        if (request.PostingId is null)
        {
            FoundingRules.Topic(request.Topic, errors);
            FoundingRules.Postcode(request.Postcode, "postcode", errors);
        }
        if (errors.Count > 0) return CommandResult<InitiativeCreated>.Invalid(errors);

        var now = clock.GetUtcNow();
        await using var tx = await outbox.BeginAsync(ct);
        Posting? posting = null;
        if (request.PostingId is { } postingId)
        {
            posting = await postings.LockAsync(tx, postingId, ct);
            // The contact reference is the poster's secret: only the poster can carry their posting over.
            if (posting is null || posting.PosterContactRef != request.InitiatorContactRef)
            {
                return CommandResult<InitiativeCreated>.Invalid("postingId",
                    "Kein Gesuch mit dieser Kontakt-Referenz gefunden. / No posting with this contact reference.");
            }
            if (posting.State != PostingStates.Released)
            {
                return CommandResult<InitiativeCreated>.Fail(Outcome.Conflict,
                    $"Nur ein freigegebenes Gesuch wird zur Initiative (dieses ist \"{posting.State}\"). / Only a released posting becomes an initiative.");
            }
            FoundingRules.Topic(request.Topic ?? posting.Topic, errors);
            FoundingRules.Postcode(request.Postcode ?? posting.Postcode, "postcode", errors);
            if (errors.Count > 0) return CommandResult<InitiativeCreated>.Invalid(errors);
        }
        var topic = request.Topic ?? posting!.Topic;
        var postcode = request.Postcode ?? posting!.Postcode;
        var office = await OfficeRegions.ResponsibleAsync(tx.Connection, tx.Transaction, postcode, ct);
        if (office is null) return CommandResult<InitiativeCreated>.Fail(Outcome.NoOffice);

        var initiative = new Initiative
        {
            Id = Guid.CreateVersion7(), OfficeId = office.Id, Topic = topic, Postcode = postcode, Locale = request.Locale ?? "de",
            InitiatorContactRef = request.InitiatorContactRef!.Value, PostingId = posting?.Id, State = InitiativeStates.Proposed, Version = 1,
            CreatedAt = now, UpdatedAt = now,
        };
        await InitiativeStore.InsertAsync(tx, initiative, ct);
        await tx.RaiseAsync(initiative.Id.ToString(), initiative.StateChanged(InitiativeStates.None, now), ct);
        if (posting is not null) initiative = await CarryOverAsync(tx, initiative, posting, now, ct);
        var suggestions = await GroupSuggestions.FindAsync(tx.Connection, tx.Transaction, topic, postcode, office, ct);
        await tx.CommitAsync(ct);
        metrics.Moved(InitiativeStates.Proposed);
        return CommandResult<InitiativeCreated>.Ok(new InitiativeCreated(InitiativeView.From(initiative, insider: false), suggestions));
    }

    /// <summary>The posting's interested people join the initiative; the posting takes no more interest.</summary>
    private async Task<Initiative> CarryOverAsync(DomainTransaction tx, Initiative initiative, Posting posting, DateTimeOffset now, CancellationToken ct)
    {
        await using (var copy = tx.Command("""
            INSERT INTO initiative_members (initiative_id, contact_ref, joined_at)
            SELECT $1, contact_ref, created_at FROM posting_interests WHERE posting_id = $2 AND contact_ref <> $3
            """))
        {
            copy.Parameters.AddWithValue(initiative.Id);
            copy.Parameters.AddWithValue(posting.Id);
            copy.Parameters.AddWithValue(initiative.InitiatorContactRef);
            await copy.ExecuteNonQueryAsync(ct);
        }
        initiative = initiative with { InterestedCount = (await InitiativeStore.MembersAsync(tx, initiative.Id, confirmedOnly: true, ct)).Count };
        await using (var convert = tx.Command("UPDATE postings SET state = 'converted', initiative_id = $2 WHERE id = $1"))
        {
            convert.Parameters.AddWithValue(posting.Id);
            convert.Parameters.AddWithValue(initiative.Id);
            await convert.ExecuteNonQueryAsync(ct);
        }
        return await members.AnnounceIfGatheredAsync(tx, initiative, now, ct);
    }
}
