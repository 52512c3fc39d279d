namespace Selbsthilfe.Events.Api.Domain;

/// <summary>
/// Reads RRULE text part by part (RFC 5545 §3.3.10 grammar, names and values case-insensitive); the rules between
/// parts are checked by <see cref="RecurrenceRuleChecks"/>. Messages quote at most the offending token.
/// </summary>
internal static class RecurrenceRuleParser
{
    private const string Prefix = "RRULE:";
    private const int MaxInterval = 1_000_000;

    public static RecurrenceRule Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var body = text.Trim();
        if (body.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            body = body[Prefix.Length..];
        }

        var parts = new RecurrenceRuleParts();
        // Empty segments (a trailing ";") carry nothing; tolerating them costs nothing and helps hand-written rules.
        foreach (var segment in body.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            ReadPart(parts, segment);
        }
        RecurrenceRuleChecks.Check(parts);
        return new RecurrenceRule(parts);
    }

    private static void ReadPart(RecurrenceRuleParts parts, string segment)
    {
        var equals = segment.IndexOf('=');
        if (equals < 0)
        {
            var token = RuleTokens.Shorten(segment);
            throw new RecurrenceRuleException(token.ToUpperInvariant(),
                $"„{token}“ ist kein Regelteil der Form NAME=WERT (z. B. FREQ=WEEKLY).");
        }

        var name = segment[..equals].Trim().ToUpperInvariant();
        var value = segment[(equals + 1)..].Trim();
        if (parts.Order.Contains(name))
        {
            throw new RecurrenceRuleException(name, $"{name} ist mehrfach angegeben; jeder Regelteil darf nur einmal vorkommen.");
        }

        switch (name)
        {
            case "FREQ": parts.Frequency = RuleTokens.Frequency(value); break;
            case "INTERVAL": parts.Interval = RuleTokens.Positive(name, value, MaxInterval, "kein gültiges Intervall"); break;
            case "COUNT": parts.Count = RuleTokens.Positive(name, value, int.MaxValue, "keine gültige Anzahl"); break;
            case "UNTIL": parts.Until = RuleTokens.Until(value); break;
            case "BYSECOND": parts.BySecond = RuleTokens.Numbers(name, value, NumberRange.Seconds); break;
            case "BYMINUTE": parts.ByMinute = RuleTokens.Numbers(name, value, NumberRange.Minutes); break;
            case "BYHOUR": parts.ByHour = RuleTokens.Numbers(name, value, NumberRange.Hours); break;
            case "BYDAY": parts.ByDay = RuleTokens.Weekdays(value); break;
            case "BYMONTHDAY": parts.ByMonthDay = RuleTokens.Numbers(name, value, NumberRange.MonthDays); break;
            case "BYYEARDAY": parts.ByYearDay = RuleTokens.Numbers(name, value, NumberRange.YearDays); break;
            case "BYWEEKNO": parts.ByWeekNo = RuleTokens.Numbers(name, value, NumberRange.WeekNumbers); break;
            case "BYMONTH": parts.ByMonth = RuleTokens.Numbers(name, value, NumberRange.Months); break;
            case "BYSETPOS": parts.BySetPos = RuleTokens.Numbers(name, value, NumberRange.SetPositions); break;
            case "WKST": parts.WeekStart = RuleTokens.WeekStart(value); break;
            default:
                var shown = RuleTokens.Shorten(name);
                throw new RecurrenceRuleException(shown,
                    $"„{shown}“ ist kein Regelteil nach RFC 5545 (erlaubt: FREQ, UNTIL, COUNT, INTERVAL, BYSECOND, BYMINUTE, "
                    + "BYHOUR, BYDAY, BYMONTHDAY, BYYEARDAY, BYWEEKNO, BYMONTH, BYSETPOS, WKST).");
        }
        parts.Order.Add(name);
    }
}
