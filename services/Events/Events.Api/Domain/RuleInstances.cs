namespace Selbsthilfe.Events.Api.Domain;

/// <summary>
/// A rule's instances after DTSTART with COUNT and UNTIL applied. DTSTART is always the first instance and counts
/// towards COUNT even when the rule would not produce it (RFC 5545 §3.8.5.3); excluded instances still count.
/// </summary>
internal sealed class RuleInstances
{
    private readonly RuleCursor cursor;
    private readonly long startTicks;
    private readonly int? countLimit;
    private readonly RecurrenceUntil? until;
    private readonly long untilTicks;
    private readonly ZoneOffsets offsets;
    private int produced = 1;
    private bool done;

    public RuleInstances(RecurrenceRule rule, DateTime start, ZoneOffsets offsets)
    {
        cursor = new RuleCursor(rule, start);
        startTicks = start.Ticks;
        countLimit = rule.Count;
        until = rule.Until;
        this.offsets = offsets;
        if (until is { } bound)
        {
            // A DATE bound takes in the whole local day; a UTC bound is compared as an instant, and local periods
            // later than its local time plus a day cannot hold an instance before it.
            untilTicks = bound.Kind == RecurrenceUntilKind.Date ? bound.Value.Ticks + TimeSpan.TicksPerDay - 1 : bound.Value.Ticks;
            var localEnd = bound.Kind == RecurrenceUntilKind.Utc ? offsets.ToLocal(untilTicks) + TimeSpan.TicksPerDay : untilTicks;
            cursor.StopAfter(localEnd);
        }
    }

    /// <summary>True when the instances can be skipped up to a point without counting them (no COUNT).</summary>
    public bool CanSeek => countLimit is null;

    public void SeekTo(long localTicks) => cursor.SeekTo(localTicks);

    public void StopAfter(long localTicks) => cursor.StopAfter(localTicks);

    public bool TryNext(out long local)
    {
        while (!done && cursor.TryNext(out local))
        {
            if (local == startTicks)
            {
                continue;
            }
            if (until is { } bound && IsPastUntil(local, bound.Kind, out var skipOnly))
            {
                if (skipOnly)
                {
                    continue;
                }
                break;
            }
            if (countLimit is { } limit)
            {
                if (produced >= limit)
                {
                    break;
                }
                produced++;
            }
            return true;
        }
        done = true;
        local = 0;
        return false;
    }

    /// <summary>
    /// Instances come in local order, and their instants keep that order except for a time pushed forward out of a
    /// DST gap; such a time past a UTC bound is dropped while later ones may still fall before it.
    /// </summary>
    private bool IsPastUntil(long local, RecurrenceUntilKind kind, out bool skipOnly)
    {
        skipOnly = false;
        if (kind != RecurrenceUntilKind.Utc)
        {
            return local > untilTicks;
        }
        var zoned = offsets.Resolve(local);
        skipOnly = zoned.Shifted;
        return zoned.UtcTicks > untilTicks;
    }
}
