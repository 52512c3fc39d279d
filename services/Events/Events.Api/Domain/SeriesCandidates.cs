namespace Selbsthilfe.Events.Api.Domain;

/// <summary>
/// DTSTART, the rule's instances and the RDATEs merged into one ascending run of local times (ticks), limited to
/// the local days a window can touch. Duplicates stay; <see cref="SeriesExpansion"/> drops them by instant.
/// </summary>
internal sealed class SeriesCandidates
{
    private readonly RuleInstances? rule;
    private readonly long[] rdates;
    private long start;
    private int rdateIndex;
    private long nextRule = long.MaxValue;
    private bool ruleRead;

    /// <param name="localFrom">No instance before this local time can reach the window.</param>
    /// <param name="localTo">No instance after this local time can reach the window.</param>
    public SeriesCandidates(RecurrenceSet set, ZoneOffsets offsets, long localFrom, long localTo)
    {
        rdates = set.RecurrenceDates;
        start = set.Start.Ticks >= localFrom ? set.Start.Ticks : long.MaxValue;
        rdateIndex = LowerBound(rdates, localFrom);
        if (set.Rule is not null)
        {
            rule = new RuleInstances(set.Rule, set.Start, offsets);
            if (rule.CanSeek)
            {
                rule.SeekTo(localFrom);
            }
            rule.StopAfter(localTo);
        }
    }

    public bool TryNext(out long local)
    {
        if (!ruleRead)
        {
            nextRule = rule is not null && rule.TryNext(out var ticks) ? ticks : long.MaxValue;
            ruleRead = true;
        }
        var nextDate = rdateIndex < rdates.Length ? rdates[rdateIndex] : long.MaxValue;
        local = Math.Min(start, Math.Min(nextRule, nextDate));
        if (local == long.MaxValue)
        {
            return false;
        }
        if (local == start)
        {
            start = long.MaxValue;
        }
        else if (local == nextRule)
        {
            ruleRead = false;
        }
        else
        {
            rdateIndex++;
        }
        return true;
    }

    private static int LowerBound(long[] sorted, long value)
    {
        var index = Array.BinarySearch(sorted, value);
        return index >= 0 ? index : ~index;
    }
}
