namespace Selbsthilfe.Events.Api.Domain;

/// <summary>The offset changes of a zone in and around one calendar year (two days either side).</summary>
internal sealed class YearOffsets
{
    private static readonly long ProbeStep = TimeSpan.TicksPerHour * 6;
    private static readonly long Margin = TimeSpan.TicksPerDay * 2;

    private YearOffsets(long initialOffset, OffsetChange[] changes)
    {
        InitialOffset = initialOffset;
        Changes = changes;
    }

    /// <summary>The offset in force at the start of the range, in ticks.</summary>
    public long InitialOffset { get; }

    public OffsetChange[] Changes { get; }

    /// <summary>
    /// Probes the offset every six hours and narrows each change down to the second. Zones change their offset at
    /// most a few times a year and never twice within six hours, so no change is missed.
    /// </summary>
    public static YearOffsets Read(TimeZoneInfo zone, int year)
    {
        var from = Math.Max(0, new DateTime(year, 1, 1).Ticks - Margin);
        var to = year == DateTime.MaxValue.Year ? DateTime.MaxValue.Ticks : new DateTime(year + 1, 1, 1).Ticks + Margin;
        var initial = OffsetAt(zone, from);
        var changes = new List<OffsetChange>();
        var (probe, offset) = (from, initial);
        while (probe < to)
        {
            var nextProbe = Math.Min(to, probe + ProbeStep);
            var nextOffset = OffsetAt(zone, nextProbe);
            if (nextOffset != offset)
            {
                changes.Add(new OffsetChange(FirstSecondWith(zone, probe, nextProbe, nextOffset), offset, nextOffset));
            }
            (probe, offset) = (nextProbe, nextOffset);
        }
        return new YearOffsets(initial, [.. changes]);
    }

    /// <summary>Binary search for the first whole second in (before, after] that has <paramref name="offset"/>.</summary>
    private static long FirstSecondWith(TimeZoneInfo zone, long before, long after, long offset)
    {
        var low = before / TimeSpan.TicksPerSecond;
        var high = after / TimeSpan.TicksPerSecond;
        while (high - low > 1)
        {
            var middle = low + ((high - low) / 2);
            if (OffsetAt(zone, middle * TimeSpan.TicksPerSecond) == offset)
            {
                high = middle;
            }
            else
            {
                low = middle;
            }
        }
        return high * TimeSpan.TicksPerSecond;
    }

    /// <summary>Whole minutes, as <see cref="DateTimeOffset"/> demands; only local mean times before ~1900 had seconds.</summary>
    private static long OffsetAt(TimeZoneInfo zone, long utcTicks)
    {
        var offset = zone.GetUtcOffset(new DateTime(utcTicks, DateTimeKind.Utc)).Ticks;
        return offset - (offset % TimeSpan.TicksPerMinute);
    }
}

/// <summary>At instant <see cref="Utc"/> (ticks) the offset goes from <see cref="Before"/> to <see cref="After"/>.</summary>
internal readonly record struct OffsetChange(long Utc, long Before, long After);
