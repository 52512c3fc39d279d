namespace Selbsthilfe.Events.Api.Domain;

/// <summary>
/// A parsed RRULE value (RFC 5545 §3.3.10, https://www.rfc-editor.org/rfc/rfc5545#section-3.3.10), immutable.
/// <see cref="ToString"/> writes the canonical text (parts in a fixed order, defaults left out, duplicate values
/// dropped) that <see cref="Parse"/> reads back to an equal rule. Expand it with <see cref="RecurrenceSet"/>.
/// </summary>
public sealed class RecurrenceRule
{
    private readonly RecurrenceRuleParts parts;

    /// <param name="parts">Checked parts; the rule keeps them and nothing else may change them.</param>
    internal RecurrenceRule(RecurrenceRuleParts parts)
    {
        this.parts = parts;
        Masks = new RuleMasks(this);
    }

    public RecurrenceFrequency Frequency => parts.Frequency ?? RecurrenceFrequency.Daily;

    /// <summary>INTERVAL, at least 1.</summary>
    public int Interval => parts.Interval;

    public int? Count => parts.Count;

    public RecurrenceUntil? Until => parts.Until;

    public IReadOnlyList<int> BySecond => parts.BySecond;

    public IReadOnlyList<int> ByMinute => parts.ByMinute;

    public IReadOnlyList<int> ByHour => parts.ByHour;

    public IReadOnlyList<WeekdayNum> ByDay => parts.ByDay;

    public IReadOnlyList<int> ByMonthDay => parts.ByMonthDay;

    public IReadOnlyList<int> ByYearDay => parts.ByYearDay;

    public IReadOnlyList<int> ByWeekNo => parts.ByWeekNo;

    public IReadOnlyList<int> ByMonth => parts.ByMonth;

    public IReadOnlyList<int> BySetPos => parts.BySetPos;

    /// <summary>WKST; Monday unless the rule says otherwise.</summary>
    public DayOfWeek WeekStart => parts.WeekStart;

    /// <summary>True when COUNT or UNTIL bounds the rule.</summary>
    public bool IsFinite => Count is not null || Until is not null;

    internal RuleMasks Masks { get; }

    /// <summary>Parses an RRULE value such as <c>FREQ=MONTHLY;BYDAY=2TU</c>, with or without a leading <c>RRULE:</c>.</summary>
    /// <exception cref="RecurrenceRuleException">The text breaks the RFC 5545 grammar or its rules.</exception>
    public static RecurrenceRule Parse(string text) => RecurrenceRuleParser.Parse(text);

    public override string ToString() => RecurrenceRuleWriter.Write(this);
}
