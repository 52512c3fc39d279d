namespace Selbsthilfe.Events.Api.Domain;

/// <summary>An RRULE text that does not follow RFC 5545; <see cref="Part"/> names the rule part at fault.</summary>
public sealed class RecurrenceRuleException : Exception
{
    public RecurrenceRuleException()
        : this("", "Die Wiederholungsregel ist ungültig.")
    {
    }

    public RecurrenceRuleException(string message)
        : this("", message)
    {
    }

    public RecurrenceRuleException(string message, Exception innerException)
        : base(message, innerException) => Part = "";

    public RecurrenceRuleException(string part, string message)
        : base(message) => Part = part;

    /// <summary>The rule part that is wrong, e.g. "BYDAY", "FREQ", "UNTIL", "COUNT".</summary>
    public string Part { get; }
}
