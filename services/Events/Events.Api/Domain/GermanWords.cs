using System.Globalization;

namespace Selbsthilfe.Events.Api.Domain;

/// <summary>German names, ordinals and lists for <see cref="RecurrenceText"/>.</summary>
internal static class GermanWords
{
    private static readonly string[] Weekdays = ["Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"];

    private static readonly string[] Months =
        ["", "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"];

    private static readonly string[] FromEnd = ["", "letzt", "vorletzt", "drittletzt", "viertletzt", "fünftletzt"];

    public static CultureInfo Culture { get; } = CultureInfo.GetCultureInfo("de-DE");

    public static string Weekday(DayOfWeek day) => Weekdays[(int)day];

    /// <summary>"montags", "mittwochs": the adverb for "on every such day".</summary>
    public static string WeekdayAdverb(DayOfWeek day) => Weekdays[(int)day].ToLowerInvariant() + "s";

    public static string Month(int month) => Months[month];

    /// <summary>Monday first, as German calendars are read.</summary>
    public static int WeekOrder(DayOfWeek day) => ((int)day + 6) % 7;

    /// <summary>
    /// "2." for 2; for negative values the word with the given ending: -1 with "en" is "letzten", -2 with "er" is
    /// "vorletzter", -7 with "en" is "7.-letzten".
    /// </summary>
    public static string Ordinal(int value, string ending) => value switch
    {
        > 0 => Number(value) + ".",
        >= -5 => FromEnd[-value] + ending,
        _ => Number(-value) + ".-letzt" + ending,
    };

    /// <summary>"a", "a und b", "a, b und c".</summary>
    public static string Join(IReadOnlyList<string> items, string conjunction = "und") => items.Count switch
    {
        0 => "",
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Count - 1)) + " " + conjunction + " " + items[^1],
    };

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Date(DateTime value) => value.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);

    public static string Time(TimeSpan timeOfDay) =>
        timeOfDay.ToString(timeOfDay.Seconds == 0 ? @"hh\:mm" : @"hh\:mm\:ss", CultureInfo.InvariantCulture);

    /// <summary>"90 Min.", "2 Std.", "1 Std. 30 Min.", "2 Tage".</summary>
    public static string Duration(TimeSpan duration)
    {
        var parts = new List<string>();
        if (duration.Days > 0)
        {
            parts.Add(duration.Days == 1 ? "1 Tag" : Number(duration.Days) + " Tage");
        }
        if (duration.Hours > 0)
        {
            parts.Add(Number(duration.Hours) + " Std.");
        }
        if (duration.Minutes > 0 || parts.Count == 0)
        {
            parts.Add(Number(duration.Minutes) + " Min.");
        }
        return string.Join(" ", parts);
    }
}
