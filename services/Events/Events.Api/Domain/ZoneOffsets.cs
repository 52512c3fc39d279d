using System.Runtime.CompilerServices;

namespace Selbsthilfe.Events.Api.Domain;

/// <summary>
/// Maps local wall-clock times of one zone to instants, with the offset changes of each year read once from
/// <see cref="TimeZoneInfo"/> and kept: its own calls cost about half a microsecond per instance, a tenth of the
/// budget for a whole series. Offsets are taken from <see cref="TimeZoneInfo.GetUtcOffset(DateTime)"/> on UTC
/// instants, so the mapping agrees with the platform's time zone data.
/// </summary>
internal sealed class ZoneOffsets
{
    private static readonly ConditionalWeakTable<TimeZoneInfo, ZoneOffsets> Cache = [];

    private readonly TimeZoneInfo zone;
    private readonly YearOffsets?[] years = new YearOffsets?[DateTime.MaxValue.Year + 1];

    private ZoneOffsets(TimeZoneInfo zone) => this.zone = zone;

    public static ZoneOffsets For(TimeZoneInfo zone) => Cache.GetValue(zone, static z => new ZoneOffsets(z));

    /// <summary>
    /// The instant of a local time (RFC 5545 §3.3.5): a time in a gap is read with the offset before the gap, so it
    /// moves forward by the gap's length (02:30 → 03:30 CEST); a time that occurs twice takes the first, earlier one.
    /// </summary>
    public ZonedTime Resolve(long localTicks)
    {
        var table = YearOf(localTicks);
        var offset = table.InitialOffset;
        foreach (var change in table.Changes)
        {
            if (localTicks < change.Utc + Math.Max(change.Before, change.After))
            {
                if (change.After > change.Before && localTicks >= change.Utc + change.Before)
                {
                    return new ZonedTime(localTicks - change.Before, change.After, Shifted: true);
                }
                break;
            }
            offset = change.After;
        }
        return new ZonedTime(localTicks - offset, offset, Shifted: false);
    }

    /// <summary>The local wall-clock time of an instant given in UTC ticks.</summary>
    public long ToLocal(long utcTicks)
    {
        var table = YearOf(utcTicks);
        var offset = table.InitialOffset;
        foreach (var change in table.Changes)
        {
            if (utcTicks < change.Utc)
            {
                break;
            }
            offset = change.After;
        }
        return Math.Clamp(utcTicks + offset, 0, DateTime.MaxValue.Ticks);
    }

    private YearOffsets YearOf(long ticks)
    {
        var year = new DateTime(Math.Clamp(ticks, 0, DateTime.MaxValue.Ticks)).Year;
        var table = Volatile.Read(ref years[year]);
        if (table is null)
        {
            // Two threads may both build a year; the tables are equal, so the later write does no harm.
            table = YearOffsets.Read(zone, year);
            Volatile.Write(ref years[year], table);
        }
        return table;
    }
}

/// <summary>An instant as UTC ticks with the zone's offset there; <see cref="Shifted"/> when the local time fell in a gap.</summary>
internal readonly record struct ZonedTime(long UtcTicks, long OffsetTicks, bool Shifted)
{
    public DateTimeOffset ToDateTimeOffset() => new(UtcTicks + OffsetTicks, TimeSpan.FromTicks(OffsetTicks));
}
