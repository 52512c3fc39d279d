namespace Selbsthilfe.GroupDirectory.Api.Listings;

/// <summary>Publication levels, from widest to narrowest. A field is never shown wider than its listing.</summary>
public static class Visibility
{
    public const string Public = "public";
    /// <summary>Authenticated office staff of any office, and federation peers.</summary>
    public const string OfficeNetwork = "office-network";
    /// <summary>The owning office only: a group that does not want to be listed can still be found in counselling.</summary>
    public const string OfficeOnly = "office-only";

    public static readonly string[] All = [Public, OfficeNetwork, OfficeOnly];

    public static int Rank(string level) => Array.IndexOf(All, level);

    public static string Narrowest(string a, string b) => Rank(a) >= Rank(b) ? a : b;
}

public static class ListingStatus
{
    public const string Draft = "draft";
    public const string Published = "published";
    public const string Withdrawn = "withdrawn";
}

public static class ListingValues
{
    public static readonly string[] Audiences = ["affected", "relatives", "both"];
    public static readonly string[] Settings = ["in-person", "online", "hybrid"];
    public static readonly string[] Openness = ["open", "waiting-list", "closed"];
    public static readonly string[] PlaceKinds = ["public-venue", "private-home"];
    public static readonly string[] ContactKinds = ["office", "group-mailbox"];
    public static readonly string[] Accessibility =
        ["wheelchair-accessible", "step-free", "accessible-toilet", "hearing-loop", "sign-language", "easy-language", "parking", "public-transport"];
}

/// <summary>Where a group meets. A private home is never shown beyond its postcode area, whatever its level says.</summary>
public sealed record Place(string Kind, string? Venue, string? Street, string Postcode, string City, double? Latitude, double? Longitude)
{
    public bool IsPrivateHome => Kind == "private-home";
}

/// <summary>How a newcomer gets in touch: through the office, or a group's function mailbox. Never a member's own data.</summary>
public sealed record ContactPath(string Kind, string? Email, string? Phone);

/// <summary>Publication levels of the sensitive fields; each is at least as narrow as the listing's own level.</summary>
public sealed record FieldVisibility(string Description, string Address, string Contact);

/// <summary>A listing's content as its office entered it (validated).</summary>
public sealed record ListingContent(
    string Name,
    string? Description,
    IReadOnlyList<string> Topics,
    string Audience,
    IReadOnlyList<string> Languages,
    string Setting,
    Place? Place,
    IReadOnlyList<string> Accessibility,
    string Openness,
    ContactPath Contact,
    string Visibility,
    FieldVisibility FieldVisibility);

/// <summary>The body of a create or update request: everything optional, so validation can name each missing field.</summary>
public sealed record ListingRequest
{
    public string? OfficeId { get; init; }
    public string? Name { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<string>? Topics { get; init; }
    public string? Audience { get; init; }
    public IReadOnlyList<string>? Languages { get; init; }
    public string? Setting { get; init; }
    public PlaceRequest? Place { get; init; }
    public IReadOnlyList<string>? Accessibility { get; init; }
    public string? Openness { get; init; }
    public ContactRequest? Contact { get; init; }
    public string? Visibility { get; init; }
    public FieldVisibilityRequest? FieldVisibility { get; init; }
}

public sealed record PlaceRequest(string? Kind, string? Venue, string? Street, string? Postcode, string? City, double? Latitude, double? Longitude);

public sealed record ContactRequest(string? Kind, string? Email, string? Phone);

public sealed record FieldVisibilityRequest(string? Description, string? Address, string? Contact);

/// <summary>A stored listing with its bookkeeping.</summary>
public sealed record Listing(
    Guid Id,
    string OfficeId,
    string OfficeName,
    string Status,
    int Version,
    ListingContent Content,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? PublishedAt,
    DateTimeOffset LastConfirmedAt,
    Provenance? Provenance = null,
    IReadOnlyList<Provenance>? AlsoFrom = null);

/// <summary>Where an imported listing came from: read-only here, changed only through its peer's feed.</summary>
/// <param name="Origin">Where it was first entered, "&lt;instance id&gt;/&lt;listing id&gt;": the same on every copy.</param>
public sealed record Provenance(string PeerId, string RemoteId, int RemoteVersion, DateTimeOffset FetchedAt, string? Origin);

/// <summary>One entry of a peer's feed, mapped and validated; no content means the peer withdrew it.</summary>
public sealed record ImportedListing(string PeerId, string RemoteId, int RemoteVersion, string? Origin, string OfficeId,
    ListingContent? Content, DateTimeOffset? LastConfirmedAt);
