namespace Selbsthilfe.Web.Clients;

// The directory's answers as the site reads them (GroupDirectory.Api's ListingView, SearchPage, Office, topics).
// Hidden fields are absent in the answer, so they are null here: the site never has them to show.

public sealed record OfficeRef(string Id, string Name);

public sealed record TopicRef(string Code, string Label, string LabelEn)
{
    public string Name => Language.IsEnglish ? LabelEn : Label;
}

public sealed record PlaceView(string? Kind, string? Venue, string? Street, string? Postcode, string? City, double? Latitude, double? Longitude, bool Exact);

public sealed record ContactPath(string Kind, string? Email, string? Phone);

public sealed record Provenance(string PeerId, string RemoteId, int RemoteVersion, DateTimeOffset FetchedAt, string? Origin);

public sealed record Listing(
    Guid Id,
    OfficeRef Office,
    string Status,
    int Version,
    string Visibility,
    string Name,
    string? Description,
    IReadOnlyList<TopicRef> Topics,
    string Audience,
    IReadOnlyList<string> Languages,
    string Setting,
    PlaceView? Place,
    IReadOnlyList<string> Accessibility,
    string Openness,
    ContactPath? Contact,
    DateTimeOffset LastConfirmedAt,
    bool NotRecentlyConfirmed,
    double? DistanceKm = null,
    Provenance? ImportedFrom = null,
    IReadOnlyList<Provenance>? AlsoListedBy = null);

public sealed record SearchFacets(int Total, IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Counts);

public sealed record SearchPage(IReadOnlyList<Listing> Items, string? NextCursor, SearchFacets? Facets);

public sealed record OfficeContact(string? Address, string? Phone, string? Email, string? Website, string? OpeningHours);

public sealed record Office(string Id, string Name, IReadOnlyList<string> RegionPostcodePrefixes, OfficeContact? Contact);

public sealed record Topic(string Code, string? Parent, string Label, string LabelEn, IReadOnlyList<string> Synonyms, IReadOnlyList<string> Icd10)
{
    public string Name => Language.IsEnglish ? LabelEn : Label;
}
