namespace Selbsthilfe.Web.Clients;

public sealed record MeetingPlace(string? Room, string? Address, string? Postcode, string? City, bool Online);

/// <summary>A meeting as Events lists it: <c>scheduled</c> or <c>cancelled</c>, maybe moved, with the office's note.</summary>
public sealed record Occurrence(
    Guid OccurrenceId,
    Guid SeriesId,
    Guid? ListingId,
    string OfficeId,
    string Kind,
    string? Title,
    string RecurrenceId,
    DateTimeOffset Start,
    DateTimeOffset End,
    string Status,
    bool Moved,
    string? Note,
    MeetingPlace? Place,
    int? Capacity)
{
    public bool Cancelled => Status == "cancelled";
}

public sealed record OccurrenceList(DateTimeOffset From, DateTimeOffset To, bool Truncated, IReadOnlyList<Occurrence> Items);
