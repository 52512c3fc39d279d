namespace Selbsthilfe.Events.Api.Domain;

/// <summary>
/// A meeting series as RFC 5545 describes it (DTSTART with TZID, an optional RRULE, RDATEs and EXDATEs), expanded
/// into occurrences without I/O. Chosen over a static class so that a series is read and checked once and then asked
/// several questions (a window, the next occurrence, the last one).
/// </summary>
/// <remarks>
/// <para>Expansion runs in local wall-clock time; each instance is then placed in absolute time through the zone
/// (RFC 5545 §3.3.5: a time in a DST gap moves forward by the gap, a doubled time takes its first occurrence). Sub-daily
/// frequencies count in wall-clock hours, minutes and seconds too, so FREQ=HOURLY has no instance in the hour that a
/// change to winter time repeats, and one instant only once where a gap folds two times together.</para>
/// <para>A window query skips straight to the window for rules without COUNT; with COUNT it must count from DTSTART.
/// Local times are used to the second; finer parts of the inputs are dropped.</para>
/// </remarks>
public sealed class RecurrenceSet
{
    /// <param name="start">DTSTART: local wall-clock time in <paramref name="zone"/> (a UTC or machine-local value is converted).</param>
    /// <param name="zone">The series' time zone, e.g. <c>TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin")</c>.</param>
    /// <param name="rule">The RRULE, or null for a single meeting plus any RDATEs.</param>
    /// <param name="recurrenceDates">RDATEs, local like <paramref name="start"/>; merged with the rule's instances.</param>
    /// <param name="exceptionDates">EXDATEs, local; remove the instances at the same instant (they still count towards COUNT).</param>
    public RecurrenceSet(DateTime start, TimeZoneInfo zone, RecurrenceRule? rule = null,
        IEnumerable<DateTime>? recurrenceDates = null, IEnumerable<DateTime>? exceptionDates = null)
    {
        ArgumentNullException.ThrowIfNull(zone);
        Zone = zone;
        Rule = rule;
        Offsets = ZoneOffsets.For(zone);
        Start = WallClock(start);
        RecurrenceDates = recurrenceDates is null ? [] : [.. recurrenceDates.Select(date => WallClock(date).Ticks).Distinct().Order()];
        var excluded = exceptionDates?.Select(date => Offsets.Resolve(WallClock(date).Ticks).UtcTicks).ToHashSet();
        ExcludedInstants = excluded is { Count: > 0 } ? excluded : null;
    }

    public DateTime Start { get; }

    public TimeZoneInfo Zone { get; }

    public RecurrenceRule? Rule { get; }

    /// <summary>False when the rule repeats without COUNT or UNTIL; such a series has no last occurrence.</summary>
    public bool IsFinite => Rule is null || Rule.IsFinite;

    internal ZoneOffsets Offsets { get; }

    internal long[] RecurrenceDates { get; }

    internal HashSet<long>? ExcludedInstants { get; }

    /// <summary>The occurrences whose absolute start lies in [<paramref name="from"/>, <paramref name="to"/>), ascending.</summary>
    public IEnumerable<Occurrence> Between(DateTimeOffset from, DateTimeOffset to)
    {
        var expansion = new SeriesExpansion(this, from.UtcTicks, to.UtcTicks);
        while (expansion.TryNext(out var occurrence))
        {
            yield return occurrence;
        }
    }

    /// <summary>Every occurrence of a finite series, ascending.</summary>
    /// <exception cref="InvalidOperationException">The series repeats forever (see <see cref="IsFinite"/>).</exception>
    public IEnumerable<Occurrence> All() => IsFinite
        ? Between(DateTimeOffset.MinValue, DateTimeOffset.MaxValue)
        : throw new InvalidOperationException("The series repeats without COUNT or UNTIL; ask for a window instead.");

    /// <summary>The first occurrence that starts strictly after <paramref name="instant"/>, or null when the series has ended.</summary>
    public Occurrence? NextAfter(DateTimeOffset instant)
    {
        if (instant == DateTimeOffset.MaxValue)
        {
            return null;
        }
        using var occurrences = Between(instant.AddTicks(1), DateTimeOffset.MaxValue).GetEnumerator();
        return occurrences.MoveNext() ? occurrences.Current : null;
    }

    public bool HasOccurrenceAfter(DateTimeOffset instant) => NextAfter(instant) is not null;

    /// <summary>The last occurrence of a finite series; null for a series that repeats forever or has none left.</summary>
    public Occurrence? Last()
    {
        if (!IsFinite)
        {
            return null;
        }
        Occurrence? last = null;
        foreach (var occurrence in All())
        {
            last = occurrence;
        }
        return last;
    }

    private DateTime WallClock(DateTime value)
    {
        var local = value.Kind == DateTimeKind.Unspecified ? value : TimeZoneInfo.ConvertTime(value, Zone);
        return new DateTime(local.Ticks - (local.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Unspecified);
    }
}
