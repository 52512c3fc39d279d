using System.Globalization;

namespace Selbsthilfe.Events.Api.Domain;

/// <summary>Reads the value of one RRULE part; every error quotes only the token at fault.</summary>
internal static class RuleTokens
{
    private const int MaxShown = 40;

    private const string WeekdayHelp =
        "erlaubt: MO, TU, WE, TH, FR, SA, SU, optional mit Ordinalzahl wie 2TU oder -1FR";

    private static readonly string[] FrequencyNames =
        ["SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY"];

    /// <summary>Keeps error messages short when a caller passes a long or hostile token.</summary>
    public static string Shorten(string token) => token.Length <= MaxShown ? token : token[..MaxShown] + "…";

    public static string FrequencyName(RecurrenceFrequency frequency) => FrequencyNames[(int)frequency];

    public static RecurrenceFrequency Frequency(string value)
    {
        var index = Array.FindIndex(FrequencyNames, name => name.Equals(value, StringComparison.OrdinalIgnoreCase));
        if (index < 0)
        {
            throw new RecurrenceRuleException("FREQ",
                $"FREQ: „{Shorten(value)}“ ist keine gültige Frequenz (erlaubt: {string.Join(", ", FrequencyNames)}).");
        }
        return (RecurrenceFrequency)index;
    }

    public static int Positive(string part, string value, int max, string what)
    {
        if (!TryInteger(value, signed: false, out var number) || number < 1 || number > max)
        {
            throw new RecurrenceRuleException(part,
                $"{part}: „{Shorten(value)}“ ist {what} (erlaubt: ganze Zahl von 1 bis {max.ToString(CultureInfo.InvariantCulture)}).");
        }
        return number;
    }

    public static RecurrenceUntil Until(string value)
    {
        var upper = value.ToUpperInvariant();
        var (format, kind, style) = upper.Length switch
        {
            8 => ("yyyyMMdd", RecurrenceUntilKind.Date, DateTimeStyles.None),
            15 => ("yyyyMMdd'T'HHmmss", RecurrenceUntilKind.Floating, DateTimeStyles.None),
            _ => ("yyyyMMdd'T'HHmmss'Z'", RecurrenceUntilKind.Utc,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
        };
        if (!upper.All(c => char.IsAsciiDigit(c) || c is 'T' or 'Z')
            || !DateTime.TryParseExact(upper, format, CultureInfo.InvariantCulture, style, out var until))
        {
            throw new RecurrenceRuleException("UNTIL",
                $"UNTIL: „{Shorten(value)}“ ist kein gültiges Datum (erlaubt: 20270630, 20270630T190000 oder 20270630T170000Z).");
        }
        return new RecurrenceUntil(until, kind);
    }

    public static int[] Numbers(string part, string value, NumberRange range)
    {
        var items = value.Split(',');
        var numbers = new List<int>(items.Length);
        foreach (var item in items)
        {
            if (!TryInteger(item, range.Signed, out var number) || !range.Contains(number))
            {
                throw new RecurrenceRuleException(part,
                    $"{part}: „{Shorten(item)}“ ist kein gültiger Wert für {range.Noun} (erlaubt: {range.Allowed}).");
            }
            if (!numbers.Contains(number))
            {
                numbers.Add(number);
            }
        }
        return [.. numbers];
    }

    public static WeekdayNum[] Weekdays(string value)
    {
        var items = value.Split(',');
        var days = new List<WeekdayNum>(items.Length);
        foreach (var item in items)
        {
            if (!TryWeekday(item, out var entry))
            {
                throw new RecurrenceRuleException("BYDAY",
                    $"BYDAY: „{Shorten(item)}“ ist kein gültiger Wochentag ({WeekdayHelp}).");
            }
            if (!days.Contains(entry))
            {
                days.Add(entry);
            }
        }
        return [.. days];
    }

    public static DayOfWeek WeekStart(string value)
    {
        if (!WeekdayCodes.TryParse(value, out var day))
        {
            throw new RecurrenceRuleException("WKST",
                $"WKST: „{Shorten(value)}“ ist kein gültiger Wochenbeginn (erlaubt: MO, TU, WE, TH, FR, SA, SU).");
        }
        return day;
    }

    private static bool TryWeekday(string item, out WeekdayNum entry)
    {
        entry = default;
        if (item.Length < 2 || !WeekdayCodes.TryParse(item.AsSpan(item.Length - 2), out var day))
        {
            return false;
        }
        var ordinal = 0;
        if (item.Length > 2 && (!TryInteger(item[..^2], signed: true, out ordinal) || ordinal == 0 || Math.Abs(ordinal) > 53))
        {
            return false;
        }
        entry = new WeekdayNum(ordinal, day);
        return true;
    }

    /// <summary>ASCII digits with an optional sign; no spaces, at most nine digits so the value fits an int.</summary>
    private static bool TryInteger(string text, bool signed, out int value)
    {
        value = 0;
        var span = text.AsSpan();
        var negative = false;
        if (signed && span.Length > 0 && span[0] is '+' or '-')
        {
            negative = span[0] == '-';
            span = span[1..];
        }
        if (span.IsEmpty || span.Length > 9)
        {
            return false;
        }
        foreach (var c in span)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
            value = (value * 10) + (c - '0');
        }
        value = negative ? -value : value;
        return true;
    }
}
