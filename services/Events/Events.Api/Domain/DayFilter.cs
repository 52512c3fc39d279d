namespace Selbsthilfe.Events.Api.Domain;

/// <summary>
/// Decides whether a date belongs to a rule's instances by its day parts (BYMONTH, BYWEEKNO, BYYEARDAY, BYMONTHDAY,
/// BYDAY). Testing every date of a period against all parts gives RFC 5545's expand/limit table (p. 44) in one
/// place: a part that "expands" for a frequency is one whose dates already fill the period being walked.
/// </summary>
internal readonly struct DayFilter
{
    private readonly RuleMasks masks;
    private readonly uint months;
    private readonly uint monthDaysFromStart;
    private readonly uint monthDaysFromEnd;
    private readonly int plainWeekdays;
    private readonly bool anyWeekday;
    private readonly bool ordinalsWithinMonth;
    private readonly int weekStart;
    private readonly bool needsDate;

    public DayFilter(RecurrenceRule rule, DateTime start)
    {
        masks = rule.Masks;
        months = masks.Months;
        monthDaysFromStart = masks.MonthDaysFromStart;
        monthDaysFromEnd = masks.MonthDaysFromEnd;
        plainWeekdays = masks.PlainWeekdays;
        if (rule.ByWeekNo.Count + rule.ByYearDay.Count + rule.ByMonthDay.Count + rule.ByDay.Count == 0)
        {
            // Day parts the rule leaves out come from DTSTART (RFC 5545 §3.3.10, "information not contained in the rule").
            switch (rule.Frequency)
            {
                case RecurrenceFrequency.Yearly:
                    months = months == 0 ? 1u << start.Month : months;
                    monthDaysFromStart = 1u << start.Day;
                    break;
                case RecurrenceFrequency.Monthly:
                    monthDaysFromStart = 1u << start.Day;
                    break;
                case RecurrenceFrequency.Weekly:
                    plainWeekdays = 1 << (int)start.DayOfWeek;
                    break;
            }
        }
        anyWeekday = plainWeekdays == 0 && masks.OrdinalsFromStart is null;
        // An ordinal counts within the month for MONTHLY, and for YEARLY with BYMONTH (RFC 5545 p. 44, note 2).
        ordinalsWithinMonth = rule.Frequency == RecurrenceFrequency.Monthly || rule.ByMonth.Count > 0;
        weekStart = (int)rule.WeekStart;
        needsDate = months != 0 || (monthDaysFromStart | monthDaysFromEnd) != 0 || masks.YearDaysFromStart is not null
            || (masks.WeeksFromStart | masks.WeeksFromEnd) != 0 || masks.OrdinalsFromStart is not null;
    }

    public bool AllowsMonth(int month) => months == 0 || (months & (1u << month)) != 0;

    public bool Matches(int dayNumber) =>
        needsDate ? Matches(CalendarDay.FromDayNumber(dayNumber)) : anyWeekday || ((plainWeekdays >> CalendarDay.WeekdayOf(dayNumber)) & 1) != 0;

    public bool Matches(in CalendarDay day)
    {
        if (!AllowsMonth(day.Month))
        {
            return false;
        }
        if ((monthDaysFromStart | monthDaysFromEnd) != 0
            && ((monthDaysFromStart >> day.Day) & 1) == 0
            && ((monthDaysFromEnd >> (day.DaysInMonth + 1 - day.Day)) & 1) == 0)
        {
            return false;
        }
        if (masks.YearDaysFromStart is { } yearDays
            && !yearDays[day.DayOfYear] && !masks.YearDaysFromEnd![day.DaysInYear + 1 - day.DayOfYear])
        {
            return false;
        }
        if ((masks.WeeksFromStart | masks.WeeksFromEnd) != 0 && !WeekNumbering.Matches(day, weekStart, masks))
        {
            return false;
        }
        return WeekdayMatches(day);
    }

    private bool WeekdayMatches(in CalendarDay day)
    {
        if (anyWeekday)
        {
            return true;
        }
        var weekday = day.Weekday;
        if (((plainWeekdays >> weekday) & 1) != 0)
        {
            return true;
        }
        if (masks.OrdinalsFromStart is not { } fromStart)
        {
            return false;
        }
        var (position, length) = ordinalsWithinMonth ? (day.Day, day.DaysInMonth) : (day.DayOfYear, day.DaysInYear);
        var nth = ((position - 1) / 7) + 1;
        var nthFromEnd = ((length - position) / 7) + 1;
        return ((fromStart[weekday] >> nth) & 1) != 0 || ((masks.OrdinalsFromEnd![weekday] >> nthFromEnd) & 1) != 0;
    }
}
