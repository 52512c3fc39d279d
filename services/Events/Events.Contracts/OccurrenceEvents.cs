namespace Selbsthilfe.Events.Contracts;

/// <summary>
/// Where a meeting takes place, as the public may know it. A room and street are left out when the group's address is
/// not public (a meeting in a private home never is); an online link never travels in an event.
/// </summary>
public sealed record MeetingPlace
{
    public string? Room { get; init; }
    public string? Address { get; init; }
    public string? Postcode { get; init; }
    public string? City { get; init; }
    /// <summary>The meeting is (also) held online; the link is given to subscribers only, never in an event.</summary>
    public bool Online { get; init; }
}

/// <summary>
/// One meeting of a series (or a one-off event) within the materialised horizon. <see cref="OccurrenceId"/> is stable:
/// it names the same meeting in every later event about it, also when the meeting is moved.
/// </summary>
public sealed record OccurrenceScheduled
{
    public required Guid OccurrenceId { get; init; }
    public required Guid SeriesId { get; init; }
    /// <summary>Null for an office's one-off event that belongs to no group.</summary>
    public Guid? ListingId { get; init; }
    public required string OfficeId { get; init; }
    /// <summary>series (a regular meeting) or event (a one-off event: info evening, seminar).</summary>
    public string Kind { get; init; } = "series";
    public required DateTimeOffset StartsAt { get; init; }
    public required DateTimeOffset EndsAt { get; init; }
    public required MeetingPlace Place { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>A scheduled meeting moved in time or place.</summary>
public sealed record OccurrenceRescheduled
{
    public required Guid OccurrenceId { get; init; }
    public required Guid SeriesId { get; init; }
    public Guid? ListingId { get; init; }
    public required string OfficeId { get; init; }
    public required DateTimeOffset PreviousStartsAt { get; init; }
    public required DateTimeOffset StartsAt { get; init; }
    public required DateTimeOffset EndsAt { get; init; }
    public required MeetingPlace Place { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>A scheduled meeting will not take place (cancelled, paused, removed from the series, or the series ended).</summary>
public sealed record OccurrenceCancelled
{
    public required Guid OccurrenceId { get; init; }
    public required Guid SeriesId { get; init; }
    public Guid? ListingId { get; init; }
    public required string OfficeId { get; init; }
    public required DateTimeOffset StartsAt { get; init; }
    /// <summary>cancelled, paused, removed, series-ended or listing-withdrawn.</summary>
    public required string Reason { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>A series has no further meetings: it ran out (UNTIL/COUNT), was ended by its office, or its group was withdrawn.</summary>
public sealed record SeriesEnded
{
    public required Guid SeriesId { get; init; }
    public Guid? ListingId { get; init; }
    public required string OfficeId { get; init; }
    /// <summary>completed, ended-by-office, split or listing-withdrawn.</summary>
    public required string Reason { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}
