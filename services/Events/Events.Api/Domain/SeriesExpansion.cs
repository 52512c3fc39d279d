namespace Selbsthilfe.Events.Api.Domain;

/// <summary>
/// Turns the merged local times of a series into occurrences inside [from, to): maps each to its instant, keeps
/// instants ascending, drops duplicates and EXDATEs. A time pushed out of a DST gap can land after later local
/// times, so it waits in <see cref="pending"/> until a later unshifted time proves nothing earlier can follow.
/// </summary>
internal sealed class SeriesExpansion
{
    private readonly SeriesCandidates candidates;
    private readonly ZoneOffsets offsets;
    private readonly HashSet<long>? excluded;
    private readonly long fromUtc;
    private readonly long toUtc;
    private readonly List<(long Local, ZonedTime Zoned)> pending = new(4);
    private long safeUntil = long.MinValue;
    private long lastUtc = long.MinValue;
    private bool ended;

    public SeriesExpansion(RecurrenceSet set, long fromUtc, long toUtc)
    {
        offsets = set.Offsets;
        excluded = set.ExcludedInstants;
        this.fromUtc = fromUtc;
        this.toUtc = toUtc;
        // Offsets differ by hours at most, so a day either side of the window's local bounds holds every candidate.
        var localFrom = offsets.ToLocal(fromUtc) - TimeSpan.TicksPerDay;
        var localTo = offsets.ToLocal(toUtc) + TimeSpan.TicksPerDay;
        candidates = new SeriesCandidates(set, offsets, localFrom, localTo);
    }

    public bool TryNext(out Occurrence occurrence)
    {
        while (true)
        {
            if (pending.Count > 0 && (ended || pending[0].Zoned.UtcTicks <= safeUntil))
            {
                var (local, zoned) = pending[0];
                pending.RemoveAt(0);
                if (zoned.UtcTicks >= toUtc)
                {
                    pending.Clear();
                    ended = true;
                    break;
                }
                var duplicate = zoned.UtcTicks == lastUtc;
                lastUtc = zoned.UtcTicks;
                if (!duplicate && zoned.UtcTicks >= fromUtc && excluded?.Contains(zoned.UtcTicks) != true)
                {
                    occurrence = new Occurrence(new DateTime(local), zoned.ToDateTimeOffset());
                    return true;
                }
                continue;
            }
            if (ended)
            {
                break;
            }
            Pull();
        }
        occurrence = default;
        return false;
    }

    private void Pull()
    {
        if (!candidates.TryNext(out var local))
        {
            ended = true;
            return;
        }
        var zoned = offsets.Resolve(local);
        var at = pending.Count;
        while (at > 0 && pending[at - 1].Zoned.UtcTicks > zoned.UtcTicks)
        {
            at--;
        }
        pending.Insert(at, (local, zoned));
        if (!zoned.Shifted)
        {
            // Every later local time maps to this instant or a later one; past the window, nothing more can come.
            safeUntil = zoned.UtcTicks;
            ended = zoned.UtcTicks >= toUtc;
        }
    }
}
