namespace Selbsthilfe.Events.Api.Domain;

/// <summary>
/// Week numbers as RFC 5545 defines them for BYWEEKNO: weeks start on WKST and week 1 is the first week with at
/// least four days in the calendar year (ISO 8601 when WKST=MO). A date near New Year may belong to the
/// neighbouring year's numbering; it still counts in the calendar year it lies in.
/// </summary>
internal static class WeekNumbering
{
    public static bool Matches(in CalendarDay day, int weekStart, RuleMasks masks)
    {
        var start = FirstWeekStart(day.Year, weekStart);
        var nextStart = FirstWeekStart(day.Year + 1, weekStart);
        if (day.DayNumber < start)
        {
            nextStart = start;
            start = FirstWeekStart(day.Year - 1, weekStart);
        }
        else if (day.DayNumber >= nextStart)
        {
            start = nextStart;
            nextStart = FirstWeekStart(day.Year + 2, weekStart);
        }
        var week = ((day.DayNumber - start) / 7) + 1;
        var weeks = (nextStart - start) / 7;
        return ((masks.WeeksFromStart >> week) & 1) != 0 || ((masks.WeeksFromEnd >> (weeks + 1 - week)) & 1) != 0;
    }

    /// <summary>Day number of the first day of week 1: the week that holds 4 January.</summary>
    private static int FirstWeekStart(int year, int weekStart) => CalendarDay.WeekStartOf(JanuaryFirst(year) + 3, weekStart);

    /// <summary>Proleptic Gregorian arithmetic rather than <see cref="DateOnly"/>, which ends in year 9999.</summary>
    private static int JanuaryFirst(int year)
    {
        var before = year - 1;
        return (before * 365) + (before / 4) - (before / 100) + (before / 400);
    }
}
