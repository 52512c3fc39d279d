namespace Selbsthilfe.Events.Api.Domain;

/// <summary>One date with the numbers the BYxxx filters ask about; <see cref="DayNumber"/> as in <see cref="DateOnly"/>.</summary>
internal readonly record struct CalendarDay(int DayNumber, int Year, int Month, int Day, int DayOfYear)
{
    /// <summary>0 = Sunday, as <see cref="DayOfWeek"/>; day number 0 (1 January 0001) was a Monday.</summary>
    public int Weekday => WeekdayOf(DayNumber);

    public int DaysInMonth => DateTime.DaysInMonth(Year, Month);

    public int DaysInYear => DateTime.IsLeapYear(Year) ? 366 : 365;

    public static int WeekdayOf(int dayNumber) => (dayNumber + 1) % 7;

    public static CalendarDay FromDayNumber(int dayNumber)
    {
        var date = DateOnly.FromDayNumber(dayNumber);
        return new CalendarDay(dayNumber, date.Year, date.Month, date.Day, date.DayOfYear);
    }

    /// <summary>The first day of the week (starting on <paramref name="weekStart"/>) that holds <paramref name="dayNumber"/>.</summary>
    public static int WeekStartOf(int dayNumber, int weekStart) => dayNumber - ((WeekdayOf(dayNumber) - weekStart + 7) % 7);
}
