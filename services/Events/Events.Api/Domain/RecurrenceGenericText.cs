using static Selbsthilfe.Events.Api.Domain.GermanWords;

namespace Selbsthilfe.Events.Api.Domain;

/// <summary>
/// The fallback sentence: the frequency, then every part that selects instances, including the ones a rule
/// takes from DTSTART, e.g. "monatlich (Wochentage: Dienstag, Mittwoch, Donnerstag; davon der 3. Termin je Monat)".
/// Plain, but never claims more than the rule says.
/// </summary>
internal static class RecurrenceGenericText
{
    private static readonly string[] Periods = ["Sekunde", "Minute", "Stunde", "Tag", "Woche", "Monat", "Jahr"];

    public static string Describe(RecurrenceRule rule, DateTime start)
    {
        var parts = new List<string>();
        var implied = rule.ByWeekNo.Count + rule.ByYearDay.Count + rule.ByMonthDay.Count + rule.ByDay.Count == 0;
        IReadOnlyList<int> months = implied && rule.Frequency == RecurrenceFrequency.Yearly && rule.ByMonth.Count == 0 ? [start.Month] : rule.ByMonth;
        IReadOnlyList<int> monthDays = implied && rule.Frequency is RecurrenceFrequency.Yearly or RecurrenceFrequency.Monthly ? [start.Day] : rule.ByMonthDay;
        IReadOnlyList<WeekdayNum> weekdays = implied && rule.Frequency == RecurrenceFrequency.Weekly ? [new WeekdayNum(0, start.DayOfWeek)] : rule.ByDay;

        Add(parts, "Monat", "Monate", months.Order().Select(Month));
        Add(parts, "Kalenderwoche", "Kalenderwochen", rule.ByWeekNo.Select(week => week > 0 ? Number(week) : Ordinal(week, "e")));
        Add(parts, "Tag im Jahr", "Tage im Jahr", rule.ByYearDay.Select(day => Ordinal(day, "er")));
        Add(parts, "Monatstag", "Monatstage", monthDays.Select(day => Ordinal(day, "er")));
        Add(parts, "Wochentag", "Wochentage", weekdays.Select(entry =>
            entry.Ordinal == 0 ? Weekday(entry.Day) : Ordinal(entry.Ordinal, "er") + " " + Weekday(entry.Day)));
        if (rule.Frequency < RecurrenceFrequency.Daily)
        {
            // Daily and coarser rules show their times of day in the time phrase instead.
            Add(parts, "Stunde", "Stunden", rule.ByHour.Select(Number));
            Add(parts, "Minute", "Minuten", rule.ByMinute.Select(Number));
            Add(parts, "Sekunde", "Sekunden", rule.BySecond.Select(Number));
        }
        if (rule.BySetPos.Count > 0)
        {
            var positions = Join([.. rule.BySetPos.Select(position => Ordinal(position, "e"))]);
            parts.Add($"davon {(rule.BySetPos.Count == 1 ? "der" : "die")} {positions} Termin je {Periods[(int)rule.Frequency]}");
        }
        if (rule.WeekStart != DayOfWeek.Monday && (rule.ByWeekNo.Count > 0 || (rule.Frequency == RecurrenceFrequency.Weekly && rule.Interval > 1)))
        {
            parts.Add("Wochenbeginn: " + Weekday(rule.WeekStart));
        }
        var frequency = Frequency(rule.Frequency, rule.Interval);
        return parts.Count == 0 ? frequency : $"{frequency} ({string.Join("; ", parts)})";
    }

    private static string Frequency(RecurrenceFrequency frequency, int interval)
    {
        var (once, many) = frequency switch
        {
            RecurrenceFrequency.Yearly => ("jährlich", "Jahre"),
            RecurrenceFrequency.Monthly => ("monatlich", "Monate"),
            RecurrenceFrequency.Weekly => ("wöchentlich", "Wochen"),
            RecurrenceFrequency.Daily => ("täglich", "Tage"),
            RecurrenceFrequency.Hourly => ("stündlich", "Stunden"),
            RecurrenceFrequency.Minutely => ("jede Minute", "Minuten"),
            _ => ("jede Sekunde", "Sekunden"),
        };
        return interval == 1 ? once : $"alle {Number(interval)} {many}";
    }

    private static void Add(List<string> parts, string one, string several, IEnumerable<string> values)
    {
        var list = values.ToList();
        if (list.Count > 0)
        {
            parts.Add((list.Count == 1 ? one : several) + ": " + string.Join(", ", list));
        }
    }
}
