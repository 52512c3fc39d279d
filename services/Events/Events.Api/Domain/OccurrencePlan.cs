using System.Security.Cryptography;

namespace Selbsthilfe.Events.Api.Domain;

/// <summary>One meeting as planned: the rule's instance with its pause and override applied.</summary>
public sealed record PlannedOccurrence(
    Guid Id,
    DateTime RecurrenceLocal,
    DateTime StartsLocal,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    bool Cancelled,
    bool Moved,
    Place Place,
    string? Note,
    int Sequence);

/// <summary>
/// Turns a series into its meetings for a time window: expands the rule (RFC 5545, in local time), then applies
/// overrides (cancel, move in time or place, note) and pauses. An explicit override wins over a pause: an office that
/// says "this one meeting takes place after all" during a break is heard.
/// </summary>
public static class OccurrencePlan
{
    /// <summary>Meetings whose (possibly moved) start lies in [from, to), in start order.</summary>
    public static List<PlannedOccurrence> For(Series series, DateTimeOffset from, DateTimeOffset to)
    {
        var result = new List<PlannedOccurrence>();
        if (series.EndedAt is { } endedAt && endedAt < to) to = endedAt;
        if (to <= from) return result;

        Dictionary<DateTime, OccurrenceOverride>? overrides = null;
        if (series.Overrides.Count > 0)
        {
            overrides = new Dictionary<DateTime, OccurrenceOverride>(series.Overrides.Count);
            foreach (var o in series.Overrides) overrides[o.RecurrenceLocal] = o;
        }

        // Overrides can move a meeting into or out of the window: widen the window by the farthest move (plus a day
        // for DST and for counting the meetings of the first day from its start).
        var slack = TimeSpan.FromDays(1);
        foreach (var o in series.Overrides)
        {
            if (o.StartsLocal is not { } moved) continue;
            var distance = (moved - o.RecurrenceLocal).Duration() + TimeSpan.FromDays(1);
            if (distance > slack) slack = distance;
        }

        var day = DateOnly.MinValue;
        var nthOfDay = 0;
        foreach (var instance in Expand(series, from - slack, to + slack))
        {
            var date = DateOnly.FromDateTime(instance.LocalStart);
            nthOfDay = date == day ? nthOfDay + 1 : 0;
            day = date;
            OccurrenceOverride? change = null;
            overrides?.TryGetValue(instance.LocalStart, out change);
            var startsLocal = change?.StartsLocal ?? instance.LocalStart;
            var startsAt = change?.StartsLocal is { } movedLocal ? ToInstant(movedLocal, series.Zone) : instance.Start;
            if (startsAt < from || startsAt >= to) continue;
            var paused = series.Pauses.Any(p => p.From <= date && date <= p.To);
            // A change that says nothing about cancelling leaves a pause in force; only an explicit "takes place" wins.
            var cancelled = change?.Cancelled ?? paused;
            var moved = change is not null && (change.StartsLocal is not null || change.Place is not null || change.Duration is not null);
            result.Add(new PlannedOccurrence(
                OccurrenceId(series.RootId, date, nthOfDay),
                instance.LocalStart,
                startsLocal,
                startsAt,
                startsAt + (change?.Duration ?? series.Duration),
                cancelled,
                moved,
                change?.Place ?? series.Place,
                change?.Note,
                change?.Sequence ?? series.Sequence));
        }
        if (series.Overrides.Count > 0) result.Sort((a, b) => a.StartsAt.CompareTo(b.StartsAt));
        return result;
    }

    /// <summary>Whether the series has any meeting at or after <paramref name="instant"/> (ignoring cancellations).</summary>
    public static bool HasInstanceFrom(Series series, DateTimeOffset instant)
    {
        if (series.EndedAt is { } endedAt && endedAt <= instant) return false;
        foreach (var o in series.Overrides)
        {
            if (o.StartsLocal is { } moved && ToInstant(moved, series.Zone) >= instant) return true;
        }
        return Set(series).NextAfter(instant.AddTicks(-1)) is not null;
    }

    /// <summary>Whether <paramref name="local"/> is an instance of the series (a meeting that can be changed).</summary>
    public static bool IsInstance(Series series, DateTime local)
    {
        var at = ToInstant(local, series.Zone);
        foreach (var instance in Expand(series, at, at.AddTicks(1)))
        {
            if (instance.LocalStart == local) return true;
        }
        return false;
    }

    public static IEnumerable<Occurrence> Expand(Series series, DateTimeOffset from, DateTimeOffset to) => Set(series).Between(from, to);

    private static RecurrenceSet Set(Series series) =>
        new(series.StartsLocal, series.Zone, series.Rule, series.RDates.Count > 0 ? series.RDates : null, series.ExDates.Count > 0 ? series.ExDates : null);

    /// <summary>The absolute time of a local wall-clock time, by the same rules as the expansion (gap: forward).</summary>
    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone) => ZoneOffsets.For(zone).Resolve(local.Ticks).ToDateTimeOffset();

    /// <summary>
    /// A stable id for a meeting: the <paramref name="nthOfDay"/>-th meeting on local date <paramref name="date"/> of a
    /// chain of series (<paramref name="rootId"/>; "this and following" continues a chain). The same on every replica
    /// and every run, and the same when the meeting moves or the series changes its time from a date on, so a
    /// meeting keeps its id in every event about it and in every answer.
    /// </summary>
    public static Guid OccurrenceId(Guid rootId, DateOnly date, int nthOfDay)
    {
        Span<byte> input = stackalloc byte[24];
        rootId.TryWriteBytes(input);
        BitConverter.TryWriteBytes(input[16..], date.DayNumber);
        BitConverter.TryWriteBytes(input[20..], nthOfDay);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // version 8: custom
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(hash[..16], bigEndian: true);
    }
}
