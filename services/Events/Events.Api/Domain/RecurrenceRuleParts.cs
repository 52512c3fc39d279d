namespace Selbsthilfe.Events.Api.Domain;

/// <summary>The parser's scratch pad: parts as read, before they are checked against each other.</summary>
internal sealed class RecurrenceRuleParts
{
    public RecurrenceFrequency? Frequency { get; set; }
    public int Interval { get; set; } = 1;
    public int? Count { get; set; }
    public RecurrenceUntil? Until { get; set; }
    public int[] BySecond { get; set; } = [];
    public int[] ByMinute { get; set; } = [];
    public int[] ByHour { get; set; } = [];
    public WeekdayNum[] ByDay { get; set; } = [];
    public int[] ByMonthDay { get; set; } = [];
    public int[] ByYearDay { get; set; } = [];
    public int[] ByWeekNo { get; set; } = [];
    public int[] ByMonth { get; set; } = [];
    public int[] BySetPos { get; set; } = [];
    public DayOfWeek WeekStart { get; set; } = DayOfWeek.Monday;

    /// <summary>Part names in the order they appeared, so a conflict can name the later one.</summary>
    public List<string> Order { get; } = [];
}
