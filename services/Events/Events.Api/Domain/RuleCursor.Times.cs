namespace Selbsthilfe.Events.Api.Domain;

/// <summary>Times of day, and the hourly, minutely and secondly frequencies whose periods are shorter than a day.</summary>
internal sealed partial class RuleCursor
{
    /// <summary>
    /// Sub-daily rules visit at most one period per day that fails the day parts, so this bounds a hopeless rule's
    /// work (a few milliseconds) where the 400-year span below would take too long to reach.
    /// </summary>
    private const int SubDailyEmptyLimit = 1_000_000;

    private const long GregorianCycleTicks = 146_097 * TimeSpan.TicksPerDay;

    private long lastFilledTicks = long.MinValue;

    private static long UnitTicks(RecurrenceFrequency frequency) => frequency switch
    {
        RecurrenceFrequency.Hourly => TimeSpan.TicksPerHour,
        RecurrenceFrequency.Minutely => TimeSpan.TicksPerMinute,
        _ => TimeSpan.TicksPerSecond,
    };

    /// <summary>
    /// The offsets from a period's start at which instances fall: the time parts finer than the frequency expand
    /// (RFC 5545 p. 44), from the rule or else from DTSTART. Second 60 (a leap second) has no wall-clock time here.
    /// </summary>
    private static long[] TimesOfPeriod(RecurrenceRule rule, DateTime start)
    {
        var masks = rule.Masks;
        var hours = rule.Frequency >= RecurrenceFrequency.Daily ? ValuesOf(masks.Hours, start.Hour, 24) : [0];
        var minutes = rule.Frequency >= RecurrenceFrequency.Hourly ? ValuesOf(masks.Minutes, start.Minute, 60) : [0];
        var seconds = rule.Frequency >= RecurrenceFrequency.Minutely ? ValuesOf(masks.Seconds, start.Second, 60) : [0];
        var times = new long[hours.Length * minutes.Length * seconds.Length];
        var i = 0;
        foreach (var hour in hours)
        {
            foreach (var minute in minutes)
            {
                foreach (var second in seconds)
                {
                    times[i++] = (hour * TimeSpan.TicksPerHour) + (minute * TimeSpan.TicksPerMinute) + (second * TimeSpan.TicksPerSecond);
                }
            }
        }
        return times;
    }

    private static int[] ValuesOf(ulong mask, int fallback, int limit)
    {
        if (mask == 0)
        {
            return [fallback];
        }
        var values = new List<int>();
        for (var value = 0; value < limit; value++)
        {
            if (IsAllowed(mask, value))
            {
                values.Add(value);
            }
        }
        return [.. values];
    }

    private static bool IsAllowed(ulong mask, int value) => mask == 0 || ((mask >> value) & 1) != 0;

    /// <summary>
    /// Walks one hour, minute or second. A period whose day, hour or minute the rule limits away is left for the
    /// first aligned period past that day, hour or minute.
    /// </summary>
    private void FillTimes(long periodStart)
    {
        var unit = UnitTicks(frequency);
        var dayNumber = (int)(periodStart / TimeSpan.TicksPerDay);
        var hourStart = periodStart - (periodStart % TimeSpan.TicksPerHour);
        var minuteStart = periodStart - (periodStart % TimeSpan.TicksPerMinute);
        long resumeAt;
        if (!days.Matches(dayNumber))
        {
            resumeAt = (dayNumber + 1L) * TimeSpan.TicksPerDay;
        }
        else if (!IsAllowed(masks.Hours, (int)(periodStart / TimeSpan.TicksPerHour % 24)))
        {
            resumeAt = hourStart + TimeSpan.TicksPerHour;
        }
        else if (frequency <= RecurrenceFrequency.Minutely && !IsAllowed(masks.Minutes, (int)(periodStart / TimeSpan.TicksPerMinute % 60)))
        {
            resumeAt = minuteStart + TimeSpan.TicksPerMinute;
        }
        else if (frequency == RecurrenceFrequency.Secondly && !IsAllowed(masks.Seconds, (int)(periodStart / TimeSpan.TicksPerSecond % 60)))
        {
            resumeAt = periodStart + unit;
        }
        else
        {
            EnsureCapacity(times.Length);
            foreach (var time in times)
            {
                buffer[count++] = periodStart + time;
            }
            resumeAt = periodStart + unit;
            lastFilledTicks = periodStart;
        }

        var units = (resumeAt - anchor + unit - 1) / unit;
        period = Math.Max(period + interval, (units + interval - 1) / interval * interval);
        exhausted |= count == 0 && periodStart - Math.Max(lastFilledTicks, startTicks) > GregorianCycleTicks;
    }

    /// <summary>
    /// The times of day a sub-daily rule can reach are DTSTART's plus multiples of gcd(INTERVAL, units per day); when
    /// BYHOUR/BYMINUTE/BYSECOND allow none of them (FREQ=HOURLY;INTERVAL=2;BYHOUR=3 from 00:00), the rule is empty.
    /// </summary>
    private bool TimeFiltersReachable(DateTime start)
    {
        var unitsPerDay = frequency switch
        {
            RecurrenceFrequency.Hourly => 24,
            RecurrenceFrequency.Minutely => 24 * 60,
            _ => 24 * 60 * 60,
        };
        var step = GreatestCommonDivisor(interval, unitsPerDay);
        var first = (long)(start.TimeOfDay.Ticks / UnitTicks(frequency));
        var minutes = frequency <= RecurrenceFrequency.Minutely ? 60 : 1;
        var seconds = frequency == RecurrenceFrequency.Secondly ? 60 : 1;
        for (var hour = 0; hour < 24; hour++)
        {
            for (var minute = 0; minute < minutes && IsAllowed(masks.Hours, hour); minute++)
            {
                for (var second = 0; second < seconds && (minutes == 1 || IsAllowed(masks.Minutes, minute)); second++)
                {
                    var unitOfDay = (((hour * minutes) + minute) * seconds) + second;
                    if ((seconds == 1 || IsAllowed(masks.Seconds, second)) && (unitOfDay - first) % step == 0)
                    {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static long GreatestCommonDivisor(long a, long b) => b == 0 ? a : GreatestCommonDivisor(b, a % b);
}
