using Microsoft.Extensions.Options;
using Selbsthilfe.FoundingSupport.Api.Domain;
using Selbsthilfe.FoundingSupport.Api.Offices;
using Selbsthilfe.FoundingSupport.Api.PeerSearch;
using Selbsthilfe.FoundingSupport.Contracts;
using Selbsthilfe.Messaging.Outbox;

namespace Selbsthilfe.FoundingSupport.Api.Initiatives;

/// <summary>
/// What interested people do themselves, with their contact reference as the secret that proves who they are (random,
/// known only to them and Notifications): join an initiative, and agree to share contacts with the others.
/// </summary>
public sealed class InitiativeMembers(TransactionalOutbox outbox, InitiativeStore initiatives, IOptions<FoundingOptions> options, TimeProvider clock)
{
    /// <summary>An interested person joins (once per contact reference; joining again changes nothing).</summary>
    public async Task<CommandResult<InterestCount>> JoinAsync(Guid id, Guid? contactRef, CancellationToken ct)
    {
        if (FoundingRules.MissingContactRef(contactRef) is { } errors) return CommandResult<InterestCount>.Invalid(errors);
        await using var tx = await outbox.BeginAsync(ct);
        var initiative = await initiatives.LockAsync(tx, id, ct);
        if (initiative is null) return CommandResult<InterestCount>.Fail(Outcome.NotFound);
        if (InitiativeStates.IsFinal(initiative.State))
        {
            return CommandResult<InterestCount>.Fail(Outcome.Conflict, "Die Initiative ist abgeschlossen. / The initiative has ended.");
        }
        if (initiative.InitiatorContactRef == contactRef)
        {
            return CommandResult<InterestCount>.Invalid("contactRef", "Das ist Ihre eigene Initiative. / This is your own initiative.");
        }
        var now = clock.GetUtcNow();
        if (await InitiativeStore.AddMemberAsync(tx, id, contactRef!.Value, now, ct))
        {
            initiative = await AnnounceIfGatheredAsync(tx, initiative with { InterestedCount = initiative.InterestedCount + 1 }, now, ct);
        }
        await tx.CommitAsync(ct);
        return CommandResult<InterestCount>.Ok(new InterestCount(initiative.InterestedCount));
    }

    /// <summary>Tells initiator and office once, when the office's threshold of interested people is reached.</summary>
    public async Task<Initiative> AnnounceIfGatheredAsync(DomainTransaction tx, Initiative i, DateTimeOffset now, CancellationToken ct)
    {
        if (i.PeersGatheredAt is not null) return i;
        var threshold = await OfficeRegions.PeerThresholdAsync(tx.Connection, tx.Transaction, i.OfficeId, options.Value.DefaultPeerThreshold, ct);
        if (i.InterestedCount < threshold) return i;
        var changed = i with { PeersGatheredAt = now };
        await InitiativeStore.UpdateAsync(tx, changed, ct);
        await tx.RaiseAsync(i.Id.ToString(), new PeersGathered(i.Id, i.OfficeId, i.InitiatorContactRef, i.InterestedCount, now), ct);
        return changed;
    }

    /// <summary>
    /// A member of the initiative (the initiator or an interested person) agrees to share their contact with the others
    /// who agree. From the second consent on, the consenting people's contacts are released to each other.
    /// </summary>
    public async Task<CommandResult<ConsentAnswer>> ConsentAsync(Guid id, Guid? contactRef, CancellationToken ct)
    {
        if (FoundingRules.MissingContactRef(contactRef) is { } errors) return CommandResult<ConsentAnswer>.Invalid(errors);
        await using var tx = await outbox.BeginAsync(ct);
        var initiative = await initiatives.LockAsync(tx, id, ct);
        // Someone who is not part of it learns nothing, not even that it exists.
        if (initiative is null || (initiative.InitiatorContactRef != contactRef && !(await InitiativeStore.MembersAsync(tx, id, ct)).Contains(contactRef!.Value)))
        {
            return CommandResult<ConsentAnswer>.Fail(Outcome.NotFound);
        }
        if (initiative.State == InitiativeStates.Abandoned)
        {
            return CommandResult<ConsentAnswer>.Fail(Outcome.Conflict, "Die Initiative wurde aufgegeben. / The initiative was abandoned.");
        }
        var (added, consenting) = await InitiativeStore.ConsentAsync(tx, id, contactRef!.Value, clock.GetUtcNow(), ct);
        if (added && consenting.Count >= 2)
        {
            await tx.RaiseAsync(id.ToString(), new ContactsReleased(id, initiative.OfficeId, consenting, clock.GetUtcNow()), ct);
        }
        await tx.CommitAsync(ct);
        return CommandResult<ConsentAnswer>.Ok(new ConsentAnswer(true, consenting.Count >= 2));
    }
}
