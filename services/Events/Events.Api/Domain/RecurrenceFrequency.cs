namespace Selbsthilfe.Events.Api.Domain;

/// <summary>The FREQ part of an RRULE (RFC 5545 §3.3.10), finest first so that comparisons read naturally.</summary>
public enum RecurrenceFrequency
{
    Secondly,
    Minutely,
    Hourly,
    Daily,
    Weekly,
    Monthly,
    Yearly,
}
