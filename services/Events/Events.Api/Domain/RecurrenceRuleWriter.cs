using System.Globalization;
using System.Text;

namespace Selbsthilfe.Events.Api.Domain;

/// <summary>Writes the canonical RRULE text: parts in a fixed order, INTERVAL=1 and WKST=MO left out.</summary>
internal static class RecurrenceRuleWriter
{
    public static string Write(RecurrenceRule rule)
    {
        var text = new StringBuilder("FREQ=").Append(RuleTokens.FrequencyName(rule.Frequency));
        if (rule.Until is { } until)
        {
            text.Append(";UNTIL=").Append(until.ToString());
        }
        if (rule.Count is { } count)
        {
            text.Append(";COUNT=").Append(count.ToString(CultureInfo.InvariantCulture));
        }
        if (rule.Interval != 1)
        {
            text.Append(";INTERVAL=").Append(rule.Interval.ToString(CultureInfo.InvariantCulture));
        }
        AppendList(text, "BYSECOND", rule.BySecond);
        AppendList(text, "BYMINUTE", rule.ByMinute);
        AppendList(text, "BYHOUR", rule.ByHour);
        AppendList(text, "BYDAY", rule.ByDay);
        AppendList(text, "BYMONTHDAY", rule.ByMonthDay);
        AppendList(text, "BYYEARDAY", rule.ByYearDay);
        AppendList(text, "BYWEEKNO", rule.ByWeekNo);
        AppendList(text, "BYMONTH", rule.ByMonth);
        AppendList(text, "BYSETPOS", rule.BySetPos);
        if (rule.WeekStart != DayOfWeek.Monday)
        {
            text.Append(";WKST=").Append(WeekdayCodes.Of(rule.WeekStart));
        }
        return text.ToString();
    }

    private static void AppendList<T>(StringBuilder text, string name, IReadOnlyList<T> values)
    {
        if (values.Count == 0)
        {
            return;
        }
        text.Append(';').Append(name).Append('=');
        for (var i = 0; i < values.Count; i++)
        {
            text.Append(i == 0 ? "" : ",").Append(string.Format(CultureInfo.InvariantCulture, "{0}", values[i]));
        }
    }
}
