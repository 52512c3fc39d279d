namespace Selbsthilfe.Events.Api.Domain;

/// <summary>
/// A rule's BYxxx lists as bit sets, built once per rule so that expansion tests a day or time with a shift and an
/// AND instead of searching lists. Bit n stands for the value n; "FromEnd" sets hold negative values as bit -n.
/// </summary>
internal sealed class RuleMasks
{
    public RuleMasks(RecurrenceRule rule)
    {
        foreach (var month in rule.ByMonth)
        {
            Months |= 1u << month;
        }
        foreach (var day in rule.ByMonthDay)
        {
            if (day > 0)
            {
                MonthDaysFromStart |= 1u << day;
            }
            else
            {
                MonthDaysFromEnd |= 1u << -day;
            }
        }
        foreach (var week in rule.ByWeekNo)
        {
            if (week > 0)
            {
                WeeksFromStart |= 1ul << week;
            }
            else
            {
                WeeksFromEnd |= 1ul << -week;
            }
        }
        if (rule.ByYearDay.Count > 0)
        {
            YearDaysFromStart = new bool[367];
            YearDaysFromEnd = new bool[367];
            foreach (var day in rule.ByYearDay)
            {
                (day > 0 ? YearDaysFromStart : YearDaysFromEnd)[Math.Abs(day)] = true;
            }
        }
        foreach (var entry in rule.ByDay)
        {
            AddWeekday(entry);
        }
        Hours = (uint)BitsOf(rule.ByHour);
        Minutes = BitsOf(rule.ByMinute);
        Seconds = BitsOf(rule.BySecond);
        SetPositions = [.. rule.BySetPos];
    }

    public uint Months { get; }
    public uint MonthDaysFromStart { get; }
    public uint MonthDaysFromEnd { get; }
    public ulong WeeksFromStart { get; }
    public ulong WeeksFromEnd { get; }
    public bool[]? YearDaysFromStart { get; }
    public bool[]? YearDaysFromEnd { get; }

    /// <summary>Bit per <see cref="DayOfWeek"/> for BYDAY entries without ordinal.</summary>
    public int PlainWeekdays { get; private set; }

    /// <summary>Per <see cref="DayOfWeek"/>, the ordinals asked for (bit n: nth from the start); null without ordinals.</summary>
    public ulong[]? OrdinalsFromStart { get; private set; }

    public ulong[]? OrdinalsFromEnd { get; private set; }
    public uint Hours { get; }
    public ulong Minutes { get; }
    public ulong Seconds { get; }
    public int[] SetPositions { get; }

    private void AddWeekday(WeekdayNum entry)
    {
        var day = (int)entry.Day;
        if (entry.Ordinal == 0)
        {
            PlainWeekdays |= 1 << day;
            return;
        }
        OrdinalsFromStart ??= new ulong[7];
        OrdinalsFromEnd ??= new ulong[7];
        if (entry.Ordinal > 0)
        {
            OrdinalsFromStart[day] |= 1ul << entry.Ordinal;
        }
        else
        {
            OrdinalsFromEnd[day] |= 1ul << -entry.Ordinal;
        }
    }

    private static ulong BitsOf(IReadOnlyList<int> values)
    {
        var bits = 0ul;
        foreach (var value in values)
        {
            bits |= 1ul << value;
        }
        return bits;
    }
}
