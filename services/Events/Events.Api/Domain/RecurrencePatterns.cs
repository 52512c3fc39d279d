using static Selbsthilfe.Events.Api.Domain.GermanWords;

namespace Selbsthilfe.Events.Api.Domain;

/// <summary>
/// Natural German phrases for the rules meeting series use ("jeden 2. Dienstag im Monat", "alle 2 Wochen
/// mittwochs", "jährlich am 3. Oktober"). Returns null for anything else, which gets the generic text instead.
/// </summary>
internal static class RecurrencePatterns
{
    public static string? Describe(RecurrenceRule rule, DateTime start)
    {
        var timeParts = rule.ByHour.Count + rule.ByMinute.Count + rule.BySecond.Count;
        if (rule.ByWeekNo.Count > 0 || rule.ByYearDay.Count > 0 || rule.Frequency < RecurrenceFrequency.Daily
            || (rule.BySetPos.Count > 0 && (rule.Frequency != RecurrenceFrequency.Monthly || timeParts > 0)))
        {
            return null;
        }
        var text = rule.Frequency switch
        {
            RecurrenceFrequency.Daily => Daily(rule),
            RecurrenceFrequency.Weekly => Weekdays(rule.ByDay.Count > 0 ? DaysOf(rule) : [start.DayOfWeek], rule.Interval),
            RecurrenceFrequency.Monthly => Monthly(rule, start),
            _ => Yearly(rule, start),
        };
        // BYMONTH only limits the finer frequencies (RFC 5545 p. 44); YEARLY phrases name the months themselves.
        return text is not null && rule.ByMonth.Count > 0 && rule.Frequency != RecurrenceFrequency.Yearly
            ? $"{text}, nur im {MonthList(rule)}"
            : text;
    }

    private static string? Daily(RecurrenceRule rule)
    {
        if (rule.ByMonthDay.Count > 0)
        {
            return null;
        }
        if (rule.ByDay.Count == 0)
        {
            return rule.Interval == 1 ? "täglich" : $"alle {Number(rule.Interval)} Tage";
        }
        return rule.Interval == 1 ? Weekdays(DaysOf(rule), 1) : null;
    }

    private static string Weekdays(List<DayOfWeek> days, int interval)
    {
        if (days.Count == 7)
        {
            return interval == 1 ? "täglich" : $"alle {Number(interval)} Wochen an jedem Tag";
        }
        var workdays = IsMondayToFriday(days);
        if (interval == 1)
        {
            return workdays ? "montags bis freitags" : "jeden " + Join([.. days.Select(Weekday)]);
        }
        return $"alle {Number(interval)} Wochen " + (workdays ? "montags bis freitags" : Join([.. days.Select(WeekdayAdverb)]));
    }

    private static string? Monthly(RecurrenceRule rule, DateTime start)
    {
        var interval = rule.Interval;
        if (rule.BySetPos.Count > 0)
        {
            return MonthlyPosition(rule);
        }
        if (rule.ByDay.Count == 0)
        {
            return MonthDays(rule.ByMonthDay.Count > 0 ? rule.ByMonthDay : [start.Day], interval);
        }
        if (rule.ByMonthDay.Count > 0)
        {
            return interval == 1 ? WeekdayOnMonthDays(rule, "einen", "") : null;
        }
        if (rule.ByDay.All(entry => entry.Ordinal != 0))
        {
            var days = OrdinalWeekdays(rule.ByDay);
            return interval == 1 ? $"jeden {days} im Monat" : $"alle {Number(interval)} Monate am {days}";
        }
        if (rule.ByDay.Any(entry => entry.Ordinal != 0))
        {
            return null;
        }
        return interval == 1 ? Weekdays(DaysOf(rule), 1) : $"alle {Number(interval)} Monate jeden {Join([.. DaysOf(rule).Select(Weekday)])}";
    }

    /// <summary>BYSETPOS over plain weekdays: "jeden letzten Werktag (Montag bis Freitag) im Monat".</summary>
    private static string? MonthlyPosition(RecurrenceRule rule)
    {
        if (rule.BySetPos.Count != 1 || rule.ByMonthDay.Count > 0 || rule.ByDay.Count == 0 || rule.ByDay.Any(entry => entry.Ordinal != 0))
        {
            return null;
        }
        var days = DaysOf(rule);
        var target = days.Count switch
        {
            1 => Weekday(days[0]),
            7 => "Tag",
            _ => IsMondayToFriday(days) ? "Werktag (Montag bis Freitag)" : null,
        };
        var position = Ordinal(rule.BySetPos[0], "en");
        return target is null ? null
            : rule.Interval == 1 ? $"jeden {position} {target} im Monat"
            : $"alle {Number(rule.Interval)} Monate am {position} {target}";
    }

    private static string MonthDays(IReadOnlyList<int> values, int interval)
    {
        var sorted = values.Where(day => day > 0).Order().Concat(values.Where(day => day < 0).Order()).ToList();
        var text = Join([.. sorted.Select(day => Ordinal(day, "en"))]) + (sorted.Any(day => day < 0) ? " Tag" : "");
        var phrase = interval == 1 ? $"am {text} jedes Monats" : $"alle {Number(interval)} Monate am {text}";
        var rare = sorted.Where(day => day >= 29).Select(day => Number(day) + ".").ToList();
        return rare.Count switch
        {
            0 => phrase,
            1 => $"{phrase} (der {rare[0]} entfällt in kürzeren Monaten)",
            _ => $"{phrase} (der {Join(rare)} entfallen in kürzeren Monaten)",
        };
    }

    private static string? Yearly(RecurrenceRule rule, DateTime start)
    {
        var every = rule.Interval == 1 ? "jährlich" : $"alle {Number(rule.Interval)} Jahre";
        if (rule.ByDay.Count == 0)
        {
            return YearlyDate(rule, start, every);
        }
        if (rule.ByMonthDay.Count > 0)
        {
            var text = rule.ByMonth.Count == 1 ? WeekdayOnMonthDays(rule, "den", " " + MonthList(rule)) : null;
            return text is null || rule.Interval == 1 ? text : $"{every} {text}";
        }
        if (rule.ByDay.All(entry => entry.Ordinal != 0))
        {
            var within = rule.ByMonth.Count > 0 ? "im " + MonthList(rule) : "des Jahres";
            return $"{every} am {OrdinalWeekdays(rule.ByDay)} {within}";
        }
        if (rule.ByDay.Any(entry => entry.Ordinal != 0))
        {
            return null;
        }
        if (rule.ByMonth.Count == 0)
        {
            return rule.Interval == 1 ? Weekdays(DaysOf(rule), 1) : null;
        }
        var weekdays = $"jeden {Join([.. DaysOf(rule).Select(Weekday)])} im {MonthList(rule)}";
        return rule.Interval == 1 ? weekdays : $"{every} {weekdays}";
    }

    /// <summary>"jährlich am 3. Oktober", "jährlich am 10. Juni und 10. Juli", "jährlich am letzten Tag im Februar".</summary>
    private static string? YearlyDate(RecurrenceRule rule, DateTime start, string every)
    {
        IReadOnlyList<int> days = rule.ByMonthDay.Count > 0 ? rule.ByMonthDay : [start.Day];
        IReadOnlyList<int> months = rule.ByMonth.Count > 0 ? [.. rule.ByMonth.Order()] : [start.Month];
        if (days.Count != 1)
        {
            return null;
        }
        var day = days[0];
        if (day < 0)
        {
            return months.Count == 1 ? $"{every} am {Ordinal(day, "en")} Tag im {Month(months[0])}" : null;
        }
        // A leap year has the longest months; a day even they lack (31 April) would never occur.
        if (months.Any(month => day > DateTime.DaysInMonth(2000, month)))
        {
            return null;
        }
        var dates = Join([.. months.Select(month => $"{Number(day)}. {Month(month)}")]);
        var leap = day == 29 && months.Contains(2) ? " (29. Februar nur in Schaltjahren)" : "";
        return $"{every} am {dates}{leap}";
    }

    /// <summary>"jeden Freitag, der auf einen 13. fällt"; one plain weekday limited by positive days of the month.</summary>
    private static string? WeekdayOnMonthDays(RecurrenceRule rule, string article, string month)
    {
        if (rule.ByDay.Count != 1 || rule.ByDay[0].Ordinal != 0 || rule.ByMonthDay.Any(day => day < 0))
        {
            return null;
        }
        var days = Join([.. rule.ByMonthDay.Order().Select(day => Number(day) + ".")], "oder");
        return $"jeden {Weekday(rule.ByDay[0].Day)}, der auf {article} {days}{month} fällt";
    }

    /// <summary>"1. und 3. Montag", "letzten Freitag", "1. Montag und 3. Mittwoch", "1. und 3. Montag sowie letzten Freitag".</summary>
    private static string OrdinalWeekdays(IReadOnlyList<WeekdayNum> entries)
    {
        var groups = entries
            .GroupBy(entry => entry.Day)
            .OrderBy(group => WeekOrder(group.Key))
            .Select(group =>
            {
                var ordinals = group.Select(entry => entry.Ordinal).Where(n => n > 0).Order()
                    .Concat(group.Select(entry => entry.Ordinal).Where(n => n < 0).Order());
                return (Count: group.Count(), Text: Join([.. ordinals.Select(n => Ordinal(n, "en"))]) + " " + Weekday(group.Key));
            })
            .ToList();
        return groups.Count > 1 && groups.Any(group => group.Count > 1)
            ? string.Join(" sowie ", groups.Select(group => group.Text))
            : Join([.. groups.Select(group => group.Text)]);
    }

    private static List<DayOfWeek> DaysOf(RecurrenceRule rule) =>
        [.. rule.ByDay.Select(entry => entry.Day).Distinct().OrderBy(WeekOrder)];

    private static bool IsMondayToFriday(List<DayOfWeek> days) =>
        days.Count == 5 && !days.Contains(DayOfWeek.Saturday) && !days.Contains(DayOfWeek.Sunday);

    private static string MonthList(RecurrenceRule rule) => Join([.. rule.ByMonth.Order().Select(Month)]);
}
