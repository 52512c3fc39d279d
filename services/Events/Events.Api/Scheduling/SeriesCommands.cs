using System.Security.Claims;
using Selbsthilfe.Events.Api.Domain;
using Selbsthilfe.Events.Contracts;
using Selbsthilfe.Messaging.Outbox;
using Selbsthilfe.ServiceDefaults.Security;

namespace Selbsthilfe.Events.Api.Scheduling;

public enum Outcome { Ok, NotFound, Forbidden, Stale, Conflict, Invalid }

public sealed record CommandResult(Outcome Outcome, Domain.Series? Series = null, Dictionary<string, string[]>? Errors = null, string? Detail = null)
{
    public static CommandResult Invalid(string field, string message) => new(Outcome.Invalid, Errors: new() { [field] = [message] });
}

/// <summary>
/// Every change to series, meetings and pauses: one transaction that locks the series, checks who may change it and
/// on which version, writes, and materialises the horizon, so the events of a change commit with the change.
/// </summary>
public sealed class SeriesCommands(TransactionalOutbox outbox, SeriesStore store, Materialiser materialiser, TimeProvider clock)
{
    public async Task<CommandResult> CreateAsync(SeriesRequest request, bool oneOff, ClaimsPrincipal user, CancellationToken ct)
    {
        var errors = SeriesRules.Validate(request, oneOff, out var definition, out var part);
        if (errors.Count > 0) return new CommandResult(Outcome.Invalid, Errors: errors, Detail: part);
        var now = clock.GetUtcNow();

        await using var tx = await outbox.BeginAsync(ct);
        string officeId;
        if (request.ListingId is { } listingId)
        {
            var listing = await ListingOwnerAsync(tx, listingId, ct);
            if (listing is null) return new CommandResult(Outcome.NotFound, Detail: "listing");
            if (listing.Value.Withdrawn) return new CommandResult(Outcome.Conflict, Detail: "Die Gruppe ist zurückgezogen. / The group has been withdrawn.");
            officeId = listing.Value.OfficeId;
        }
        else if (oneOff) officeId = request.OfficeId ?? user.StaffOffice() ?? "";
        else return CommandResult.Invalid("listingId", "Zu welcher Gruppe gehört die Terminreihe? / Which group does the series belong to?");
        if (!MayChange(user, officeId)) return new CommandResult(Outcome.Forbidden);

        var id = Guid.CreateVersion7();
        await CreateAsync(tx, id, definition!, oneOff, request.ListingId, officeId, now, ct);
        await tx.CommitAsync(ct);
        return new CommandResult(Outcome.Ok, await store.GetAsync(id, ct));
    }

    /// <summary>Saves a validated new series (or one-off event) and announces its meetings, in the caller's transaction.</summary>
    public async Task CreateAsync(DomainTransaction tx, Guid id, SeriesDefinition definition, bool oneOff, Guid? listingId, string officeId,
        DateTimeOffset now, CancellationToken ct)
    {
        var series = Apply(new Domain.Series
        {
            Id = id, RootId = id, Kind = oneOff ? SeriesKind.Event : SeriesKind.Series, ListingId = listingId, OfficeId = officeId,
            Zone = definition.Zone, StartsLocal = definition.StartsLocal, Duration = definition.Duration, Place = definition.Place,
            Version = 1, Sequence = 0, CreatedAt = now, UpdatedAt = now,
        }, definition);
        await SeriesStore.SaveAsync(tx, series, ct);
        await materialiser.RunAsync(tx, [series], now, "removed", ct);
    }

    /// <summary>Changes the whole series (all its meetings); SEQUENCE goes up, calendar clients take the new version.</summary>
    public Task<CommandResult> UpdateAsync(Guid id, int? expectedVersion, SeriesRequest request, ClaimsPrincipal user, CancellationToken ct) =>
        ChangeAsync(id, expectedVersion, user, async (tx, series, now) =>
        {
            var errors = SeriesRules.Validate(request, series.Kind == SeriesKind.Event, out var definition, out var part);
            if (errors.Count > 0) return new CommandResult(Outcome.Invalid, Errors: errors, Detail: part);
            var changed = Apply(series, definition!) with
            {
                Version = series.Version + 1,
                // Above every changed meeting's too: they take title, place and duration from the series.
                Sequence = Math.Max(series.Sequence, series.Overrides.Select(o => o.Sequence).DefaultIfEmpty().Max()) + 1,
                UpdatedAt = now,
            };
            changed = changed with { Overrides = Rekey(series.Overrides, changed) };
            await SeriesStore.ReplaceOverridesAsync(tx, series.Id, series.Overrides, changed.Overrides, ct);
            return await SaveAndMaterialiseAsync(tx, changed, now, "removed", ct);
        }, ct);

    /// <summary>
    /// "This and following": the series ends before <paramref name="fromLocal"/> (one of its meetings), and a new
    /// series of the same chain, as <paramref name="request"/> describes it, begins there. Meetings that only moved keep
    /// their ids (announced as rescheduled, not cancelled and scheduled anew).
    /// </summary>
    public async Task<CommandResult> SplitAsync(Guid id, int? expectedVersion, string? fromText, SeriesRequest request, ClaimsPrincipal user,
        CancellationToken ct)
    {
        Domain.Series? created = null;
        var result = await ChangeAsync(id, expectedVersion, user, async (tx, series, now) =>
        {
            var errors = new Dictionary<string, string[]>();
            var from = SeriesRules.LocalTime(fromText, "from", errors, required: true);
            if (from is { } f && series.Rule is not null && !OccurrencePlan.IsInstance(series, f))
            {
                errors["from"] = ["Zu dieser Zeit hat die Reihe keinen Termin. / The series has no meeting at that time."];
            }
            if (from is { } first && first <= series.StartsLocal)
            {
                errors["from"] = ["Ab dem ersten Termin ändert man die ganze Reihe (PUT). / From the first meeting on, change the whole series (PUT)."];
            }
            if (series.Kind == SeriesKind.Event) errors["from"] = ["Eine Einzelveranstaltung lässt sich nicht teilen. / A one-off event cannot be split."];
            var valid = SeriesRules.Validate(request, oneOff: false, out var definition, out var part);
            foreach (var (k, v) in valid) errors[k] = v;
            if (definition is not null && from is { } splitFrom && definition.StartsLocal.Date < splitFrom.Date)
            {
                errors["series.start"] = ["Die neue Reihe beginnt frühestens am Tag der Teilung. / The new series starts on the day of the split or later."];
            }
            if (errors.Count > 0) return new CommandResult(Outcome.Invalid, Errors: errors, Detail: part);

            var splitAt = OccurrencePlan.ToInstant(from!.Value, series.Zone);
            var before = series with
            {
                Rule = series.Rule is null ? null : RecurrenceRule.Parse(EndBefore(series, from.Value, splitAt)),
                RDates = series.RDates.Where(d => d < from.Value).ToArray(),
                Version = series.Version + 1,
                Sequence = series.Sequence + 1,
                UpdatedAt = now,
            };
            var newId = Guid.CreateVersion7();
            created = Apply(new Domain.Series
            {
                Id = newId, RootId = series.RootId, Kind = SeriesKind.Series, ListingId = series.ListingId, OfficeId = series.OfficeId,
                Zone = definition!.Zone, StartsLocal = definition.StartsLocal, Duration = definition.Duration, Place = definition.Place,
                Version = 1, Sequence = 0, CreatedAt = now, UpdatedAt = now,
                Pauses = series.Pauses.Where(p => p.To >= DateOnly.FromDateTime(from.Value)).Select(p => p with { Id = Guid.CreateVersion7() }).ToList(),
            }, definition);
            await SeriesStore.SaveAsync(tx, before, ct);
            await SeriesStore.SaveAsync(tx, created, ct);
            foreach (var o in series.Overrides.Where(o => o.RecurrenceLocal >= from.Value))
            {
                await SeriesStore.DeleteOverrideAsync(tx, series.Id, o.RecurrenceLocal, ct);
            }
            foreach (var p in created.Pauses) await SeriesStore.AddPauseAsync(tx, newId, p, now, ct);
            // Changes to later meetings go with them to the new series (a cancelled meeting stays cancelled).
            created = created with { Overrides = Rekey(series.Overrides.Where(o => o.RecurrenceLocal >= from.Value), created) };
            await SeriesStore.ReplaceOverridesAsync(tx, newId, [], created.Overrides, ct);
            before = before with { Overrides = series.Overrides.Where(o => o.RecurrenceLocal < from.Value).ToList() };
            await materialiser.RunAsync(tx, [before, created], now, "removed", ct);
            return new CommandResult(Outcome.Ok);
        }, ct);
        return result.Outcome == Outcome.Ok ? result with { Series = await store.GetAsync(created!.Id, ct) } : result;
    }

    /// <summary>The rule of <paramref name="series"/> cut off before the meeting at <paramref name="fromLocal"/>.</summary>
    private static string EndBefore(Domain.Series series, DateTime fromLocal, DateTimeOffset splitAt)
    {
        var parts = series.Rule!.ToString().Split(';').Where(p => !p.StartsWith("COUNT=", StringComparison.Ordinal)
            && !p.StartsWith("UNTIL=", StringComparison.Ordinal)).ToList();
        if (series.Rule.Count is not null)
        {
            // COUNT counts from the first meeting: keep as many as came before the cut (RFC 5545 forbids COUNT with UNTIL).
            var kept = OccurrencePlan.Expand(series with { RDates = [], ExDates = [] }, DateTimeOffset.MinValue.AddYears(1), splitAt).Count();
            parts.Add($"COUNT={Math.Max(kept, 1)}");
        }
        else parts.Add($"UNTIL={splitAt.UtcDateTime.AddSeconds(-1):yyyyMMdd'T'HHmmss'Z'}");
        return string.Join(';', parts);
    }

    /// <summary>Ends a series now: its future meetings are cancelled (with events) and SeriesEnded is raised.</summary>
    public Task<CommandResult> EndAsync(Guid id, int? expectedVersion, ClaimsPrincipal user, CancellationToken ct) =>
        ChangeAsync(id, expectedVersion, user, async (tx, series, now) =>
        {
            if (series.Ended) return new CommandResult(Outcome.Conflict, Detail: "Die Reihe ist bereits beendet. / The series has already ended.");
            await EndSeriesAsync(tx, series, now, "ended-by-office", "series-ended", ct);
            return new CommandResult(Outcome.Ok);
        }, ct);

    /// <summary>Withdrawal of a group (from the directory): all its active series end, in the consumer's transaction.</summary>
    public async Task EndListingSeriesAsync(DomainTransaction tx, Guid listingId, DateTimeOffset now, CancellationToken ct)
    {
        var active = await SeriesStore.LoadAsync(tx.Connection, tx.Transaction, $"""
            SELECT {SeriesStore.Columns} FROM series s WHERE s.listing_id = $1 AND s.status = 'active' ORDER BY s.id FOR UPDATE
            """, [listingId], ct);
        foreach (var series in active) await EndSeriesAsync(tx, series, now, "listing-withdrawn", "listing-withdrawn", ct);
    }

    private async Task EndSeriesAsync(DomainTransaction tx, Domain.Series series, DateTimeOffset now, string reason, string cancelReason,
        CancellationToken ct)
    {
        var ended = series with
        {
            Ended = true, EndReason = reason, EndedAt = now, Version = series.Version + 1, Sequence = series.Sequence + 1, UpdatedAt = now,
        };
        await SeriesStore.SaveAsync(tx, ended, ct);
        await materialiser.RunAsync(tx, [ended], now, cancelReason, ct);
        await tx.RaiseAsync(series.Id.ToString(), new SeriesEnded
        {
            SeriesId = series.Id, ListingId = series.ListingId, OfficeId = series.OfficeId, Reason = reason, OccurredAt = now,
        }, ct);
    }

    /// <summary>Cancels, moves or annotates one meeting (RECURRENCE-ID override).</summary>
    public Task<CommandResult> ChangeOccurrenceAsync(Guid id, int? expectedVersion, DateTime recurrenceLocal, OccurrenceChangeRequest request,
        ClaimsPrincipal user, CancellationToken ct) =>
        ChangeAsync(id, expectedVersion, user, async (tx, series, now) =>
        {
            if (!OccurrencePlan.IsInstance(series, recurrenceLocal)) return new CommandResult(Outcome.NotFound, Detail: "occurrence");
            var errors = new Dictionary<string, string[]>();
            var moveTo = SeriesRules.LocalTime(request.Start, "start", errors, required: false);
            if (request.DurationMinutes is < 1 or > 7 * 24 * 60) errors["durationMinutes"] = ["Dauer in Minuten zwischen 1 und 10080 angeben. / Give the duration in minutes, 1 to 10080."];
            if (moveTo is { } target && (target - recurrenceLocal).Duration() > TimeSpan.FromDays(366))
            {
                errors["start"] = ["Ein Termin lässt sich höchstens um ein Jahr verschieben. / A meeting moves by a year at most."];
            }
            var place = request.Place is null || request.Place == new PlaceRequest(null, null, null, null)
                ? null : SeriesRules.ToPlace(request.Place, series.Place.OnlineLink, errors);
            SeriesRules.Text(request.Note, "note", 1000, errors);
            if (errors.Count > 0) return new CommandResult(Outcome.Invalid, Errors: errors);
            var previous = series.Overrides.FirstOrDefault(o => o.RecurrenceLocal == recurrenceLocal);
            var sequence = Math.Max(series.Sequence, previous?.Sequence ?? 0) + 1;
            var change = new OccurrenceOverride(recurrenceLocal, request.Cancelled, moveTo,
                request.DurationMinutes is { } m ? TimeSpan.FromMinutes(m) : null, place, SeriesRules.Clean(request.Note), sequence, now);
            await SeriesStore.SaveOverrideAsync(tx, series.Id, change, ct);
            var changed = series with
            {
                Overrides = series.Overrides.Where(o => o.RecurrenceLocal != recurrenceLocal).Append(change).ToList(),
                Version = series.Version + 1, UpdatedAt = now,
            };
            return await SaveAndMaterialiseAsync(tx, changed, now, "removed", ct);
        }, ct);

    /// <summary>Takes back a change to one meeting: it takes place as the series says.</summary>
    public Task<CommandResult> RestoreOccurrenceAsync(Guid id, int? expectedVersion, DateTime recurrenceLocal, ClaimsPrincipal user, CancellationToken ct) =>
        ChangeAsync(id, expectedVersion, user, async (tx, series, now) =>
        {
            if (!await SeriesStore.DeleteOverrideAsync(tx, series.Id, recurrenceLocal, ct)) return new CommandResult(Outcome.NotFound, Detail: "occurrence");
            var changed = series with
            {
                Overrides = series.Overrides.Where(o => o.RecurrenceLocal != recurrenceLocal).ToList(),
                // The meeting's VEVENT falls back to the series': its SEQUENCE must still rise above the override's.
                Sequence = Math.Max(series.Sequence, series.Overrides.Where(o => o.RecurrenceLocal == recurrenceLocal).Select(o => o.Sequence).DefaultIfEmpty().Max()) + 1,
                Version = series.Version + 1, UpdatedAt = now,
            };
            return await SaveAndMaterialiseAsync(tx, changed, now, "removed", ct);
        }, ct);

    public Task<CommandResult> AddPauseAsync(Guid id, int? expectedVersion, PauseRequest request, ClaimsPrincipal user, CancellationToken ct) =>
        ChangeAsync(id, expectedVersion, user, async (tx, series, now) =>
        {
            var errors = new Dictionary<string, string[]>();
            var from = SeriesRules.Date(request.From, "from", errors);
            var to = SeriesRules.Date(request.To, "to", errors);
            if (from > to) errors["to"] = ["Das Ende der Pause liegt vor ihrem Beginn. / The pause ends before it begins."];
            SeriesRules.Text(request.Reason, "reason", 300, errors);
            if (errors.Count > 0) return new CommandResult(Outcome.Invalid, Errors: errors);
            var pause = new Pause(Guid.CreateVersion7(), from!.Value, to!.Value, SeriesRules.Clean(request.Reason));
            await SeriesStore.AddPauseAsync(tx, series.Id, pause, now, ct);
            var changed = series with { Pauses = [.. series.Pauses, pause], Version = series.Version + 1, Sequence = series.Sequence + 1, UpdatedAt = now };
            return await SaveAndMaterialiseAsync(tx, changed, now, "paused", ct);
        }, ct);

    public Task<CommandResult> RemovePauseAsync(Guid id, int? expectedVersion, Guid pauseId, ClaimsPrincipal user, CancellationToken ct) =>
        ChangeAsync(id, expectedVersion, user, async (tx, series, now) =>
        {
            if (!await SeriesStore.DeletePauseAsync(tx, series.Id, pauseId, ct)) return new CommandResult(Outcome.NotFound, Detail: "pause");
            var changed = series with
            {
                Pauses = series.Pauses.Where(p => p.Id != pauseId).ToList(), Version = series.Version + 1, Sequence = series.Sequence + 1, UpdatedAt = now,
            };
            return await SaveAndMaterialiseAsync(tx, changed, now, "removed", ct);
        }, ct);

    /// <summary>Writes the changed series and announces what it changes about its meetings, in the same transaction.</summary>
    private async Task<CommandResult> SaveAndMaterialiseAsync(DomainTransaction tx, Domain.Series changed, DateTimeOffset now, string removalReason,
        CancellationToken ct)
    {
        await SeriesStore.SaveAsync(tx, changed, ct);
        await materialiser.RunAsync(tx, [changed], now, removalReason, ct);
        return new CommandResult(Outcome.Ok);
    }

    private async Task<CommandResult> ChangeAsync(Guid id, int? expectedVersion, ClaimsPrincipal user,
        Func<DomainTransaction, Domain.Series, DateTimeOffset, Task<CommandResult>> change, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var tx = await outbox.BeginAsync(ct);
        var series = await store.LockAsync(tx, id, ct);
        if (series is null) return new CommandResult(Outcome.NotFound);
        if (!MayChange(user, series.OfficeId)) return new CommandResult(Outcome.Forbidden);
        if (expectedVersion is { } v && v != series.Version) return new CommandResult(Outcome.Stale, series);
        if (series.Ended) return new CommandResult(Outcome.Conflict, series, Detail: "Die Reihe ist beendet. / The series has ended.");
        var result = await change(tx, series, now);
        if (result.Outcome != Outcome.Ok) return result with { Series = result.Series ?? series };
        await tx.CommitAsync(ct);
        return result with { Series = await store.GetAsync(id, ct) };
    }

    /// <summary>
    /// Carries changes to single meetings over to <paramref name="target"/>: each to its meeting on the same local day
    /// (the first that day); a change whose day has no meeting any more is dropped.
    /// </summary>
    private static List<OccurrenceOverride> Rekey(IEnumerable<OccurrenceOverride> overrides, Domain.Series target)
    {
        var result = new List<OccurrenceOverride>();
        foreach (var o in overrides)
        {
            var day = o.RecurrenceLocal.Date;
            var from = OccurrencePlan.ToInstant(day, target.Zone);
            var to = OccurrencePlan.ToInstant(day.AddDays(1), target.Zone);
            foreach (var instance in OccurrencePlan.Expand(target with { Overrides = [] }, from, to))
            {
                if (instance.LocalStart.Date != day) continue;
                result.Add(o with { RecurrenceLocal = instance.LocalStart });
                break;
            }
        }
        return result;
    }

    private static bool MayChange(ClaimsPrincipal user, string officeId) =>
        user.IsInRole(StaffRoles.PlatformAdmin) || user.IsStaffOf(officeId);

    private static Domain.Series Apply(Domain.Series series, SeriesDefinition d) => series with
    {
        Title = d.Title, Description = d.Description, Zone = d.Zone, StartsLocal = d.StartsLocal, Duration = d.Duration, Rule = d.Rule,
        RDates = d.RDates, ExDates = d.ExDates, Place = d.Place, Capacity = d.Capacity,
    };

    private static async Task<(string OfficeId, bool Withdrawn)?> ListingOwnerAsync(DomainTransaction tx, Guid listingId, CancellationToken ct)
    {
        // FOR SHARE: a withdrawal (which ends the group's series) waits for this series, or this sees it.
        await using var select = tx.Command("SELECT office_id, withdrawn FROM listings WHERE id = $1 FOR SHARE");
        select.Parameters.AddWithValue(listingId);
        await using var reader = await select.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetString(0), reader.GetBoolean(1)) : null;
    }
}
