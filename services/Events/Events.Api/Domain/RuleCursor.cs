namespace Selbsthilfe.Events.Api.Domain;

/// <summary>
/// Walks a rule's periods (year, month, week, day, hour, minute or second, every INTERVAL-th) in local wall-clock
/// time and yields its instances at or after DTSTART in ascending order, as ticks. Knows nothing of DTSTART's
/// special place, COUNT, UNTIL, RDATE, EXDATE or time zones: <see cref="RecurrenceSet"/> adds those.
/// </summary>
/// <remarks>
/// A period's instances are all its dates that pass <see cref="DayFilter"/>, times the rule's times of day, then
/// BYSETPOS (RFC 5545 §3.3.10). A rule that matches nothing (FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30) ends after as many
/// empty periods as the Gregorian calendar needs to repeat itself (400 years), so no rule loops forever.
/// </remarks>
internal sealed partial class RuleCursor
{
    private const int MaxYear = 9999;
    private static readonly int MaxDayNumber = DateOnly.MaxValue.DayNumber;

    private readonly RecurrenceFrequency frequency;
    private readonly long interval;
    private readonly long startTicks;
    private readonly DayFilter days;
    private readonly RuleMasks masks;
    private readonly long[] times;
    private readonly long anchor;
    private readonly int emptyLimit;
    private readonly int[] dayBuffer;
    private long[] buffer = new long[8];
    private long period;
    private long stopTicks = long.MaxValue;
    private int count;
    private int next;
    private int emptyRun;
    private bool exhausted;

    public RuleCursor(RecurrenceRule rule, DateTime start)
    {
        frequency = rule.Frequency;
        interval = rule.Interval;
        startTicks = start.Ticks;
        masks = rule.Masks;
        days = new DayFilter(rule, start);
        times = TimesOfPeriod(rule, start);
        var startDay = (int)(start.Ticks / TimeSpan.TicksPerDay);
        (anchor, emptyLimit) = frequency switch
        {
            RecurrenceFrequency.Yearly => ((long)start.Year, 400),
            RecurrenceFrequency.Monthly => ((start.Year * 12L) + start.Month - 1, 400 * 12),
            RecurrenceFrequency.Weekly => (CalendarDay.WeekStartOf(startDay, (int)rule.WeekStart), 146_097 / 7),
            RecurrenceFrequency.Daily => (startDay, 146_097),
            _ => (start.Ticks - (start.Ticks % UnitTicks(frequency)), SubDailyEmptyLimit),
        };
        dayBuffer = frequency >= RecurrenceFrequency.Daily ? new int[frequency == RecurrenceFrequency.Yearly ? 366 : 31] : [];
        exhausted = frequency < RecurrenceFrequency.Daily && !TimeFiltersReachable(start);
    }

    /// <summary>Skips whole periods that end before <paramref name="localTicks"/>; only without COUNT, which counts from DTSTART.</summary>
    public void SeekTo(long localTicks)
    {
        if (localTicks <= startTicks)
        {
            return;
        }
        var day = (int)(localTicks / TimeSpan.TicksPerDay);
        var target = new DateTime(localTicks);
        var periods = frequency switch
        {
            RecurrenceFrequency.Yearly => target.Year - anchor,
            RecurrenceFrequency.Monthly => (target.Year * 12L) + target.Month - 1 - anchor,
            RecurrenceFrequency.Weekly => (CalendarDay.WeekStartOf(day, CalendarDay.WeekdayOf((int)anchor)) - anchor) / 7,
            RecurrenceFrequency.Daily => day - anchor,
            _ => (localTicks - anchor) / UnitTicks(frequency),
        };
        periods -= periods % interval;
        if (periods > period)
        {
            period = periods;
            count = next = 0;
        }
    }

    /// <summary>No period that starts after <paramref name="localTicks"/> is walked (the window's or UNTIL's end).</summary>
    public void StopAfter(long localTicks) => stopTicks = Math.Min(stopTicks, localTicks);

    public bool TryNext(out long ticks)
    {
        while (true)
        {
            while (next < count)
            {
                ticks = buffer[next++];
                if (ticks >= startTicks)
                {
                    return true;
                }
            }
            if (exhausted)
            {
                ticks = 0;
                return false;
            }
            FillNextPeriod();
        }
    }

    private void FillNextPeriod()
    {
        count = next = 0;
        if (!TryPeriodStart(out var periodStart) || periodStart > stopTicks)
        {
            exhausted = true;
            return;
        }
        if (frequency >= RecurrenceFrequency.Daily)
        {
            FillDays();
            period += interval;
        }
        else
        {
            FillTimes(periodStart);
        }
        ApplySetPositions();
        emptyRun = count > 0 ? 0 : emptyRun + 1;
        exhausted |= emptyRun > emptyLimit;
    }

    private bool TryPeriodStart(out long ticks)
    {
        ticks = 0;
        var dayNumber = frequency switch
        {
            RecurrenceFrequency.Yearly => anchor + period <= MaxYear ? DayNumberOf(anchor + period, 1) : -1,
            RecurrenceFrequency.Monthly => (anchor + period) / 12 <= MaxYear ? DayNumberOf((anchor + period) / 12, (int)((anchor + period) % 12) + 1) : -1,
            RecurrenceFrequency.Weekly => anchor + (7 * period),
            RecurrenceFrequency.Daily => anchor + period,
            _ => (anchor + (period * UnitTicks(frequency))) / TimeSpan.TicksPerDay,
        };
        if (dayNumber < 0 || dayNumber > MaxDayNumber)
        {
            return false;
        }
        ticks = frequency >= RecurrenceFrequency.Daily ? dayNumber * TimeSpan.TicksPerDay : anchor + (period * UnitTicks(frequency));
        return true;
    }

    private void FillDays()
    {
        var dayCount = 0;
        switch (frequency)
        {
            case RecurrenceFrequency.Yearly:
                for (var month = 1; month <= 12; month++)
                {
                    dayCount = AddMonth((int)(anchor + period), month, dayCount);
                }
                break;
            case RecurrenceFrequency.Monthly:
                dayCount = AddMonth((int)((anchor + period) / 12), (int)((anchor + period) % 12) + 1, 0);
                break;
            default:
                var first = (int)(frequency == RecurrenceFrequency.Weekly ? anchor + (7 * period) : anchor + period);
                var length = frequency == RecurrenceFrequency.Weekly ? Math.Min(7, MaxDayNumber - first + 1) : 1;
                for (var day = first; day < first + length; day++)
                {
                    if (days.Matches(day))
                    {
                        dayBuffer[dayCount++] = day;
                    }
                }
                break;
        }

        EnsureCapacity(dayCount * times.Length);
        foreach (var day in dayBuffer.AsSpan(0, dayCount))
        {
            foreach (var time in times)
            {
                buffer[count++] = (day * TimeSpan.TicksPerDay) + time;
            }
        }
    }

    private int AddMonth(int year, int month, int dayCount)
    {
        if (!days.AllowsMonth(month))
        {
            return dayCount;
        }
        var first = DayNumberOf(year, month);
        var firstOfYear = month == 1 ? first : DayNumberOf(year, 1);
        var length = DateTime.DaysInMonth(year, month);
        for (var day = 1; day <= length; day++)
        {
            var dayNumber = first + day - 1;
            if (days.Matches(new CalendarDay(dayNumber, year, month, day, dayNumber - firstOfYear + 1)))
            {
                dayBuffer[dayCount++] = dayNumber;
            }
        }
        return dayCount;
    }

    /// <summary>BYSETPOS picks by position from the period's sorted instances (RFC 5545 §3.3.10).</summary>
    private void ApplySetPositions()
    {
        var positions = masks.SetPositions;
        if (positions.Length == 0 || count == 0)
        {
            return;
        }
        Span<int> chosen = stackalloc int[positions.Length];
        var found = 0;
        foreach (var position in positions)
        {
            var index = position > 0 ? position - 1 : count + position;
            if (index >= 0 && index < count)
            {
                chosen[found++] = index;
            }
        }
        chosen = chosen[..found];
        chosen.Sort();
        var kept = 0;
        for (var i = 0; i < chosen.Length; i++)
        {
            if (i == 0 || chosen[i] != chosen[i - 1])
            {
                buffer[kept++] = buffer[chosen[i]];
            }
        }
        count = kept;
    }

    private void EnsureCapacity(int size)
    {
        if (buffer.Length < size)
        {
            buffer = new long[Math.Max(size, buffer.Length * 2)];
        }
    }

    private static int DayNumberOf(long year, int month) => new DateOnly((int)year, month, 1).DayNumber;
}
