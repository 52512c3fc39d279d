namespace Selbsthilfe.Events.Api.Domain;

/// <summary>One instance of a series.</summary>
/// <param name="LocalStart">
/// The wall-clock time the series names this instance by (what RECURRENCE-ID and EXDATE refer to). It differs from
/// <paramref name="Start"/>'s wall clock only for a time in a DST gap, which starts later by the gap's length.
/// </param>
/// <param name="Start">The absolute start, carrying the zone's offset at that instant.</param>
public readonly record struct Occurrence(DateTime LocalStart, DateTimeOffset Start);
