using Microsoft.Extensions.Options;
using Selbsthilfe.FoundingSupport.Api.Contacts;
using Selbsthilfe.FoundingSupport.Api.Domain;
using Selbsthilfe.FoundingSupport.Api.Offices;
using Selbsthilfe.FoundingSupport.Api.PeerSearch;
using Selbsthilfe.FoundingSupport.Contracts;
using Selbsthilfe.Messaging.Outbox;

namespace Selbsthilfe.FoundingSupport.Api.Initiatives;

/// <summary>
/// What interested people do themselves, with their contact reference as the secret that proves who they are (random,
/// known only to them and Notifications): join an initiative, and agree to share contacts with the others. Only
/// confirmed contacts count (<see cref="ConfirmedContacts"/>); what an unconfirmed one does is kept and counts once the
/// confirmation arrives (<see cref="CountConfirmedAsync"/>). See docs/adr/0005-contact-references.md.
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
        var confirmed = await ConfirmedContacts.IsConfirmedAsync(tx, contactRef!.Value, ct);
        if (await InitiativeStore.AddMemberAsync(tx, id, contactRef.Value, now, ct) && confirmed)
        {
            initiative = await AnnounceIfGatheredAsync(tx, initiative with { InterestedCount = initiative.InterestedCount + 1 }, now, ct);
        }
        await tx.CommitAsync(ct);
        return CommandResult<InterestCount>.Ok(new InterestCount(initiative.InterestedCount, Pending: !confirmed));
    }

    /// <summary>Tells initiator and office once, when the office's threshold of interested (confirmed) people is reached.</summary>
    public async Task<Initiative> AnnounceIfGatheredAsync(DomainTransaction tx, Initiative i, DateTimeOffset now, CancellationToken ct)
    {
        if (i.PeersGatheredAt is not null) return i;
        var threshold = await OfficeRegions.PeerThresholdAsync(tx.Connection, tx.Transaction, i.OfficeId, options.Value.DefaultPeerThreshold, ct);
        if (i.InterestedCount < threshold) return i;
        var changed = i with { PeersGatheredAt = now };
        await InitiativeStore.UpdateAsync(tx, changed, ct);
        await tx.RaiseAsync(i.Id.ToString(), new PeersGathered(i.Id, i.OfficeId, i.InitiatorContactRef, i.InterestedCount, now, i.Topic, i.Postcode), ct);
        return changed;
    }

    /// <summary>
    /// A member of the initiative (the initiator or an interested person) agrees to share their contact with the others
    /// who agree. From the second confirmed consent on, the consenting people's contacts are released to each other.
    /// </summary>
    public async Task<CommandResult<ConsentAnswer>> ConsentAsync(Guid id, Guid? contactRef, CancellationToken ct)
    {
        if (FoundingRules.MissingContactRef(contactRef) is { } errors) return CommandResult<ConsentAnswer>.Invalid(errors);
        await using var tx = await outbox.BeginAsync(ct);
        var initiative = await initiatives.LockAsync(tx, id, ct);
        // Someone who is not part of it learns nothing, not even that it exists.
        if (initiative is null || (initiative.InitiatorContactRef != contactRef
            && !(await InitiativeStore.MembersAsync(tx, id, confirmedOnly: false, ct)).Contains(contactRef!.Value)))
        {
            return CommandResult<ConsentAnswer>.Fail(Outcome.NotFound);
        }
        if (initiative.State == InitiativeStates.Abandoned)
        {
            return CommandResult<ConsentAnswer>.Fail(Outcome.Conflict, "Die Initiative wurde aufgegeben. / The initiative was abandoned.");
        }
        var confirmed = await ConfirmedContacts.IsConfirmedAsync(tx, contactRef!.Value, ct);
        var added = await InitiativeStore.ConsentAsync(tx, id, contactRef.Value, clock.GetUtcNow(), ct);
        var released = added && confirmed
            ? await ReleaseContactsAsync(tx, initiative, ct)
            : (await InitiativeStore.ConsentingAsync(tx, id, ct)).Count >= 2 && confirmed;
        await tx.CommitAsync(ct);
        return CommandResult<ConsentAnswer>.Ok(new ConsentAnswer(true, released, Pending: !confirmed));
    }

    /// <summary>
    /// A contact was just confirmed: where it joined, the threshold may be reached now; where it consented, contacts are
    /// released now. Runs in the transaction of the confirmation's consumer.
    /// </summary>
    public async Task CountConfirmedAsync(DomainTransaction tx, Guid contactRef, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var id in await InitiativeStore.OfContactAsync(tx, contactRef, ct))
        {
            var initiative = (await initiatives.LockAsync(tx, id, ct))!;
            if (!InitiativeStates.IsFinal(initiative.State)) await AnnounceIfGatheredAsync(tx, initiative, now, ct);
            if (initiative.State != InitiativeStates.Abandoned && await InitiativeStore.HasConsentedAsync(tx, id, contactRef, ct))
            {
                await ReleaseContactsAsync(tx, initiative, ct);
            }
        }
    }

    /// <summary>Raises <see cref="ContactsReleased"/> with every confirmed consenting contact, once there are two.</summary>
    /// <returns>Whether contacts were released.</returns>
    private async Task<bool> ReleaseContactsAsync(DomainTransaction tx, Initiative initiative, CancellationToken ct)
    {
        var consenting = await InitiativeStore.ConsentingAsync(tx, initiative.Id, ct);
        if (consenting.Count < 2) return false;
        await tx.RaiseAsync(initiative.Id.ToString(), new ContactsReleased(initiative.Id, initiative.OfficeId, consenting, clock.GetUtcNow()), ct);
        return true;
    }
}
