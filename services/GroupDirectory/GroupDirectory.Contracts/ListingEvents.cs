namespace Selbsthilfe.GroupDirectory.Contracts;

/// <summary>
/// What anyone may know of a published listing: only fields whose publication level is "public". A listing that is
/// not public at all travels without facts (<see cref="ListingPublished.Facts"/> is null), so no consumer, peer or
/// log learns more than the public finder shows. Never a member's data: a listing has none.
/// </summary>
public sealed record ListingFacts
{
    public required string Name { get; init; }
    public required IReadOnlyList<string> Topics { get; init; }
    /// <summary>affected, relatives or both.</summary>
    public required string Audience { get; init; }
    public required IReadOnlyList<string> Languages { get; init; }
    /// <summary>in-person, online or hybrid.</summary>
    public required string Setting { get; init; }
    /// <summary>open, waiting-list or closed.</summary>
    public required string Openness { get; init; }
    public required IReadOnlyList<string> Accessibility { get; init; }
    public string? Postcode { get; init; }
    public string? City { get; init; }
    /// <summary>Exact only when the address is public; otherwise the postcode area.</summary>
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    /// <summary>Null when the description is not public.</summary>
    public string? Description { get; init; }
    /// <summary>Venue and street; null when the address is not public (never public for a private home).</summary>
    public string? Address { get; init; }
}

/// <summary>A listing became visible (first publication, or published again after a withdrawal).</summary>
public sealed record ListingPublished
{
    public required Guid ListingId { get; init; }
    public required string OfficeId { get; init; }
    public required int Version { get; init; }
    /// <summary>public, office-network or office-only.</summary>
    public required string Visibility { get; init; }
    public ListingFacts? Facts { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>A published listing changed.</summary>
public sealed record ListingUpdated
{
    public required Guid ListingId { get; init; }
    public required string OfficeId { get; init; }
    public required int Version { get; init; }
    public required string Visibility { get; init; }
    public ListingFacts? Facts { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>A listing is no longer offered; it vanished from search when this was raised.</summary>
public sealed record ListingWithdrawn
{
    public required Guid ListingId { get; init; }
    public required string OfficeId { get; init; }
    public required int Version { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}
