using System.Globalization;

namespace Selbsthilfe.Events.Api.Domain;

/// <summary>
/// Says a series in German, as an office would write it on a flyer: "jeden 2. Dienstag im Monat, 19:00–21:00 Uhr".
/// The common shapes of self-help meetings get a natural sentence; any other rule gets a plain, correct one that
/// names the rule rather than a wrong paraphrase.
/// </summary>
public static class RecurrenceText
{
    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    private static readonly string[] Days = ["Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"];

    public static string Describe(RecurrenceRule? rule, DateTime start, TimeSpan duration)
    {
        var times = $"{start:HH:mm}–{start + duration:HH:mm} Uhr";
        if (rule is null) return $"einmalig am {start.ToString("dd.MM.yyyy", German)}, {times}";
        var pattern = Pattern(rule, start) ?? $"wiederkehrend nach der Regel {rule}";
        var limit = rule.Count is { } count ? $" ({count} Termine)"
            : rule.Until is { } until ? $" (bis {until.Value.ToString("dd.MM.yyyy", German)})"
            : "";
        return $"{pattern}, {times}{limit}";
    }

    private static string? Pattern(RecurrenceRule rule, DateTime start)
    {
        if (rule.BySecond.Count > 0 || rule.ByMinute.Count > 0 || rule.ByHour.Count > 0 || rule.ByYearDay.Count > 0
            || rule.ByWeekNo.Count > 0 || rule.BySetPos.Count > 0)
        {
            return null;
        }
        var n = rule.Interval;
        switch (rule.Frequency)
        {
            case RecurrenceFrequency.Daily when rule.ByDay.Count == 0 && rule.ByMonthDay.Count == 0 && rule.ByMonth.Count == 0:
                return n == 1 ? "täglich" : $"alle {n} Tage";
            case RecurrenceFrequency.Weekly when rule.ByMonth.Count == 0:
            {
                var days = rule.ByDay.Count == 0 ? [start.DayOfWeek] : rule.ByDay.Select(d => d.Day).Distinct().OrderBy(d => ((int)d + 6) % 7).ToList();
                return n == 1
                    ? "jeden " + Join(days.Select(d => Days[(int)d]))
                    : $"alle {n} Wochen " + Join(days.Select(d => Days[(int)d].ToLowerInvariant() + "s"));
            }
            case RecurrenceFrequency.Monthly when rule.ByMonth.Count == 0:
            {
                var every = n == 1 ? "im Monat" : $"alle {n} Monate";
                if (rule.ByDay.Count > 0 && rule.ByMonthDay.Count == 0)
                {
                    // "jeden 1. und 3. Montag im Monat": ordinals of one weekday.
                    var days = rule.ByDay.Select(d => d.Day).Distinct().ToList();
                    if (days.Count != 1 || rule.ByDay.Any(d => d.Ordinal == 0)) return null;
                    var ordinals = rule.ByDay.Select(d => d.Ordinal).OrderBy(o => o < 0 ? 100 - o : o).Select(Ordinal).ToList();
                    return $"jeden {Join(ordinals)} {Days[(int)days[0]]} {every}";
                }
                if (rule.ByDay.Count == 0)
                {
                    var monthDays = rule.ByMonthDay.Count == 0 ? [start.Day] : rule.ByMonthDay.ToList();
                    var which = Join(monthDays.Select(d => d == -1 ? "letzten Tag" : d < 0 ? $"{-d}.-letzten Tag" : $"{d}."));
                    return n == 1 ? $"am {which} jedes Monats" : $"am {which} alle {n} Monate";
                }
                return null;
            }
            case RecurrenceFrequency.Yearly when rule.ByDay.Count == 0 && rule.ByMonthDay.Count <= 1 && rule.ByMonth.Count <= 1:
            {
                var day = rule.ByMonthDay.Count == 1 ? rule.ByMonthDay[0] : start.Day;
                var month = rule.ByMonth.Count == 1 ? rule.ByMonth[0] : start.Month;
                if (day < 1) return null;
                var date = $"{day}. {German.DateTimeFormat.GetMonthName(month)}";
                return n == 1 ? $"jährlich am {date}" : $"alle {n} Jahre am {date}";
            }
            default:
                return null;
        }
    }

    private static string Ordinal(int ordinal) => ordinal switch
    {
        -1 => "letzten",
        -2 => "vorletzten",
        < 0 => $"{-ordinal}.-letzten",
        _ => $"{ordinal}.",
    };

    private static string Join(IEnumerable<string> parts)
    {
        var list = parts.ToList();
        return list.Count <= 1 ? string.Concat(list) : string.Join(", ", list.Take(list.Count - 1)) + " und " + list[^1];
    }
}
