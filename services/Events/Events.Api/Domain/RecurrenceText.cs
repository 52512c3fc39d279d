using static Selbsthilfe.Events.Api.Domain.GermanWords;

namespace Selbsthilfe.Events.Api.Domain;

/// <summary>
/// A German sentence for a meeting series, e.g. "jeden 2. Dienstag im Monat, 19:00–21:00 Uhr (bis 30.06.2027)".
/// Common rules get a natural phrase; any other rule gets a plainer one that lists its parts, never a wrong one.
/// The sentence describes the rule's pattern; DTSTART is an occurrence even where it breaks the pattern.
/// </summary>
public static class RecurrenceText
{
    private const int TimesListed = 6;

    /// <param name="rule">The RRULE, or null for a single meeting.</param>
    /// <param name="start">DTSTART, local wall-clock time.</param>
    /// <param name="duration">How long each meeting lasts; zero or less gives only the start time.</param>
    /// <param name="zone">The series' zone, to show a UTC UNTIL as a local date; without it the UTC date is shown.</param>
    public static string Describe(RecurrenceRule? rule, DateTime start, TimeSpan duration, TimeZoneInfo? zone = null)
    {
        if (rule is null)
        {
            return $"einmalig am {Date(start)}, {TimeRange(start.TimeOfDay, duration)}";
        }
        var pattern = RecurrencePatterns.Describe(rule, start) ?? RecurrenceGenericText.Describe(rule, start);
        var times = rule.Frequency >= RecurrenceFrequency.Daily
            ? TimesPhrase(TimesOfDay(rule, start), duration)
            : $"erster Termin am {Date(start)} um {Time(start.TimeOfDay)} Uhr" + Each(duration);
        return $"{pattern}, {times}{Bound(rule, zone)}";
    }

    /// <summary>The times of day of a daily or coarser rule: BYHOUR × BYMINUTE × BYSECOND, each defaulting to DTSTART's.</summary>
    internal static List<TimeSpan> TimesOfDay(RecurrenceRule rule, DateTime start)
    {
        IReadOnlyList<int> hours = rule.ByHour.Count > 0 ? rule.ByHour : [start.Hour];
        IReadOnlyList<int> minutes = rule.ByMinute.Count > 0 ? rule.ByMinute : [start.Minute];
        IReadOnlyList<int> seconds = rule.BySecond.Count > 0 ? rule.BySecond : [start.Second];
        var times = new List<TimeSpan>();
        foreach (var hour in hours)
        {
            foreach (var minute in minutes)
            {
                times.AddRange(seconds.Where(second => second < 60).Select(second => new TimeSpan(hour, minute, second)));
            }
        }
        times.Sort();
        return times;
    }

    private static string TimesPhrase(List<TimeSpan> times, TimeSpan duration) => times.Count switch
    {
        0 => "ohne gültige Uhrzeit",
        1 => TimeRange(times[0], duration),
        <= TimesListed => "um " + Join([.. times.Select(Time)]) + " Uhr" + Each(duration),
        _ => $"zu {Number(times.Count)} Uhrzeiten von {Time(times[0])} bis {Time(times[^1])} Uhr" + Each(duration),
    };

    private static string TimeRange(TimeSpan begin, TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            return Time(begin) + " Uhr";
        }
        if (duration >= TimeSpan.FromDays(1))
        {
            return $"ab {Time(begin)} Uhr, Dauer {Duration(duration)}";
        }
        var end = TimeSpan.FromTicks((begin + duration).Ticks % TimeSpan.TicksPerDay);
        return $"{Time(begin)}–{Time(end)} Uhr";
    }

    private static string Each(TimeSpan duration) => duration > TimeSpan.Zero ? ", jeweils " + Duration(duration) : "";

    private static string Bound(RecurrenceRule rule, TimeZoneInfo? zone)
    {
        if (rule.Count is { } count)
        {
            return count == 1 ? " (1 Termin)" : $" ({Number(count)} Termine)";
        }
        if (rule.Until is not { } until)
        {
            return "";
        }
        var last = until.Kind == RecurrenceUntilKind.Utc && zone is not null ? TimeZoneInfo.ConvertTimeFromUtc(until.Value, zone) : until.Value;
        return $" (bis {Date(last)})";
    }
}
