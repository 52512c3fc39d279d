namespace Selbsthilfe.Events.Api.Domain;

/// <summary>How an UNTIL value was written, which decides what it is compared with (RFC 5545 §3.3.10).</summary>
public enum RecurrenceUntilKind
{
    /// <summary>A DATE (20270630): instances through the end of that local day.</summary>
    Date,

    /// <summary>A floating DATE-TIME (20270630T190000): compared with the local wall-clock start.</summary>
    Floating,

    /// <summary>A UTC DATE-TIME (20270630T170000Z): compared with the absolute start.</summary>
    Utc,
}

/// <summary>The UNTIL part: inclusive upper bound of the rule's instances.</summary>
/// <param name="Value">The date or time as written; <see cref="DateTimeKind.Utc"/> for <see cref="RecurrenceUntilKind.Utc"/>.</param>
public readonly record struct RecurrenceUntil(DateTime Value, RecurrenceUntilKind Kind)
{
    public override string ToString() => Kind switch
    {
        RecurrenceUntilKind.Date => Value.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture),
        RecurrenceUntilKind.Utc => Value.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        _ => Value.ToString("yyyyMMdd'T'HHmmss", System.Globalization.CultureInfo.InvariantCulture),
    };
}
