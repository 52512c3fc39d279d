using System.Security.Claims;
using Microsoft.Extensions.Options;
using Selbsthilfe.FoundingSupport.Api.Domain;
using Selbsthilfe.FoundingSupport.Api.Offices;
using Selbsthilfe.FoundingSupport.Contracts;
using Selbsthilfe.Messaging.Outbox;

namespace Selbsthilfe.FoundingSupport.Api.Initiatives;

/// <summary>
/// The office's steps through an initiative's states. Every step locks the initiative, checks who may take it, on which
/// version (If-Match) and from which state, and commits the change with <see cref="InitiativeStateChanged"/> and the
/// step's own event through the outbox.
/// </summary>
public sealed class InitiativeSteps(TransactionalOutbox outbox, InitiativeStore initiatives, IOptions<FoundingOptions> options, FoundingMetrics metrics,
    TimeProvider clock)
{
    /// <summary>What a step changed and the event it raises besides <see cref="InitiativeStateChanged"/>.</summary>
    private sealed record Step(Initiative Changed, object? Event);

    /// <summary>The office takes the initiative on; the counsellor is a staff member's subject id.</summary>
    public Task<CommandResult<Initiative>> CounselAsync(Guid id, int? version, CounsellingRequest request, ClaimsPrincipal user, CancellationToken ct) =>
        StepAsync(id, version, user, InitiativeStates.Counselling, (i, _) =>
        {
            var errors = new Dictionary<string, string[]>();
            FoundingRules.Text(request.Counsellor, "counsellor", 200, errors, required: false);
            return errors.Count > 0
                ? Task.FromResult(CommandResult<Step>.Invalid(errors))
                : Valid(i with { Counsellor = FoundingRules.Clean(request.Counsellor) ?? user.Subject() }, null);
        }, ct);

    public Task<CommandResult<Initiative>> GatherPeersAsync(Guid id, int? version, ClaimsPrincipal user, CancellationToken ct) =>
        StepAsync(id, version, user, InitiativeStates.GatheringPeers, (i, _) => Valid(i, null), ct);

    /// <summary>Events creates the meeting with the new event id; Notifications invites the initiator and every confirmed interested person.</summary>
    public Task<CommandResult<Initiative>> PlanFirstMeetingAsync(Guid id, int? version, FirstMeetingRequest r, ClaimsPrincipal user,
        CancellationToken ct) =>
        StepAsync(id, version, user, InitiativeStates.FirstMeetingPlanned, async (i, tx) =>
        {
            var now = clock.GetUtcNow();
            var errors = new Dictionary<string, string[]>();
            if (r.StartsAt is not { } starts || starts <= now) errors["startsAt"] = ["Beginn in der Zukunft angeben. / Give a start in the future."];
            if (r.EndsAt is not { } ends || r.StartsAt is null || ends <= r.StartsAt || ends - r.StartsAt > TimeSpan.FromHours(12))
                errors["endsAt"] = ["Ende nach dem Beginn, höchstens 12 Stunden später. / An end after the start, at most 12 hours later."];
            FoundingRules.Postcode(r.Postcode, "postcode", errors, required: false);
            FoundingRules.Text(r.Room, "room", 200, errors, required: false);
            FoundingRules.Text(r.Address, "address", 300, errors, required: false);
            FoundingRules.Text(r.City, "city", 100, errors, required: false);
            var online = r.Online ?? false;
            if (!online && FoundingRules.Clean(r.Address) is null && FoundingRules.Clean(r.Room) is null)
                errors["address"] = ["Ort (Raum oder Adresse) angeben oder online treffen. / Give a place (room or address) or meet online."];
            if (errors.Count > 0) return CommandResult<Step>.Invalid(errors);

            var eventId = Guid.CreateVersion7();
            var invitees = new List<Guid> { i.InitiatorContactRef };
            invitees.AddRange(await InitiativeStore.MembersAsync(tx, i.Id, confirmedOnly: true, ct));
            var changed = i with
            {
                FirstMeetingEventId = eventId, FirstMeetingPostcode = r.Postcode, FirstMeetingCity = FoundingRules.Clean(r.City), FirstMeetingOnline = online,
            };
            return CommandResult<Step>.Ok(new Step(changed, new FirstMeetingPlanned(i.Id, i.OfficeId, eventId, i.Topic, r.StartsAt!.Value, r.EndsAt!.Value,
                FoundingRules.Clean(r.Room), FoundingRules.Clean(r.Address), r.Postcode, FoundingRules.Clean(r.City), online, invitees, now)));
        }, ct);

    /// <summary>Directory creates a draft listing with the new listing id; the office's follow-up is due three months later.</summary>
    public Task<CommandResult<Initiative>> FoundAsync(Guid id, int? version, FoundedRequest r, ClaimsPrincipal user, CancellationToken ct) =>
        StepAsync(id, version, user, InitiativeStates.Founded, async (i, tx) =>
        {
            var errors = new Dictionary<string, string[]>();
            FoundingRules.Text(r.GroupName, "groupName", FoundingRules.MaxGroupName, errors);
            FoundingRules.Text(r.Description, "description", FoundingRules.MaxDescription, errors, required: false);
            FoundingRules.Text(r.City, "city", 100, errors, required: false);
            if (errors.Count > 0) return CommandResult<Step>.Invalid(errors);

            var now = clock.GetUtcNow();
            var listingId = Guid.CreateVersion7();
            await using (var followUp = tx.Command("INSERT INTO follow_ups (initiative_id, office_id, listing_id, due_at) VALUES ($1, $2, $3, $4)"))
            {
                followUp.Parameters.AddWithValue(i.Id);
                followUp.Parameters.AddWithValue(i.OfficeId);
                followUp.Parameters.AddWithValue(listingId);
                followUp.Parameters.AddWithValue(now.AddMonths(options.Value.FollowUpMonths).ToUniversalTime());
                await followUp.ExecuteNonQueryAsync(ct);
            }
            var online = r.Online ?? i.FirstMeetingOnline ?? i.OfferOnline;
            return CommandResult<Step>.Ok(new Step(i with { ListingId = listingId }, new InitiativeFounded(i.Id, i.OfficeId, listingId,
                i.FirstMeetingEventId, FoundingRules.Clean(r.GroupName)!, FoundingRules.Clean(r.Description), i.Topic, i.FirstMeetingPostcode ?? i.Postcode,
                FoundingRules.Clean(r.City) ?? i.FirstMeetingCity, online, now)));
        }, ct);

    public Task<CommandResult<Initiative>> AbandonAsync(Guid id, int? version, AbandonRequest r, ClaimsPrincipal user, CancellationToken ct) =>
        StepAsync(id, version, user, InitiativeStates.Abandoned, (i, _) => r.Reason is { } reason && FoundingRules.AbandonReasons.Contains(reason)
            ? Valid(i with { AbandonReason = reason }, new InitiativeAbandoned(i.Id, i.OfficeId, reason, clock.GetUtcNow()))
            : Invalid("reason", "Grund: " + string.Join(", ", FoundingRules.AbandonReasons) + ". / Reason: one of these codes."), ct);

    private static Task<CommandResult<Step>> Valid(Initiative changed, object? @event) => Task.FromResult(CommandResult<Step>.Ok(new Step(changed, @event)));

    private static Task<CommandResult<Step>> Invalid(string field, string message) => Task.FromResult(CommandResult<Step>.Invalid(field, message));

    private async Task<CommandResult<Initiative>> StepAsync(Guid id, int? expectedVersion, ClaimsPrincipal user, string to,
        Func<Initiative, DomainTransaction, Task<CommandResult<Step>>> step, CancellationToken ct)
    {
        await using var tx = await outbox.BeginAsync(ct);
        var (initiative, refusal) = await LockForStaffAsync(tx, id, expectedVersion, user, ct);
        if (initiative is null) return refusal!;
        if (!InitiativeStates.CanMove(initiative.State, to)) return CommandResult<Initiative>.WrongState(initiative.State, to);
        var result = await step(initiative, tx);
        if (result.Outcome != Outcome.Ok) return new CommandResult<Initiative>(result.Outcome, Errors: result.Errors, Detail: result.Detail);

        var now = clock.GetUtcNow();
        var changed = result.Value!.Changed with { State = to, Version = initiative.Version + 1, UpdatedAt = now };
        await InitiativeStore.UpdateAsync(tx, changed, ct);
        await tx.RaiseAsync(id.ToString(), changed.StateChanged(initiative.State, now), ct);
        if (result.Value.Event is { } specific) await tx.RaiseAllAsync([(id.ToString(), specific)], ct);
        await tx.CommitAsync(ct);
        metrics.Moved(to);
        return CommandResult<Initiative>.Ok(changed);
    }

    /// <summary>The office may offer an online group when too few people live near enough. Not a state change.</summary>
    public async Task<CommandResult<Initiative>> OfferOnlineAsync(Guid id, int? expectedVersion, OnlineOfferRequest request, ClaimsPrincipal user,
        CancellationToken ct)
    {
        if (request.Offer is not { } offer) return CommandResult<Initiative>.Invalid("offer", "true oder false angeben. / Give true or false.");
        await using var tx = await outbox.BeginAsync(ct);
        var (initiative, refusal) = await LockForStaffAsync(tx, id, expectedVersion, user, ct);
        if (initiative is null) return refusal!;
        if (InitiativeStates.IsFinal(initiative.State)) return CommandResult<Initiative>.WrongState(initiative.State, initiative.State);
        var changed = initiative with { OfferOnline = offer, Version = initiative.Version + 1, UpdatedAt = clock.GetUtcNow() };
        await InitiativeStore.UpdateAsync(tx, changed, ct);
        await tx.CommitAsync(ct);
        return CommandResult<Initiative>.Ok(changed);
    }

    private async Task<(Initiative?, CommandResult<Initiative>?)> LockForStaffAsync(DomainTransaction tx, Guid id, int? expectedVersion,
        ClaimsPrincipal user, CancellationToken ct)
    {
        var initiative = await initiatives.LockAsync(tx, id, ct);
        if (initiative is null) return (null, CommandResult<Initiative>.Fail(Outcome.NotFound));
        if (!user.MayActFor(initiative.OfficeId)) return (null, CommandResult<Initiative>.Fail(Outcome.Forbidden));
        if (expectedVersion is { } v && v != initiative.Version)
        {
            return (null, new CommandResult<Initiative>(Outcome.Stale, Extensions: new Dictionary<string, object?> { ["version"] = initiative.Version }));
        }
        return (initiative, null);
    }
}
