using System.Security.Claims;
using Selbsthilfe.GroupDirectory.Contracts;
using Selbsthilfe.GroupDirectory.Api.Taxonomy;
using Selbsthilfe.ServiceDefaults.Security;

namespace Selbsthilfe.GroupDirectory.Api.Listings;

/// <summary>
/// Who is asking: anonymous (rank 0: public fields), staff of any office (rank 1: office network), staff of the
/// owning office (rank 2: everything).
/// </summary>
public sealed record Viewer(int Rank, string? OfficeId)
{
    public static readonly Viewer Anonymous = new(0, null);

    public static Viewer From(ClaimsPrincipal user)
    {
        var office = user.StaffOffice();
        if (office is not null) return new Viewer(1, office);
        return user.IsInRole(StaffRoles.PlatformAdmin) ? new Viewer(1, null) : Anonymous;
    }

    public int RankFor(string listingOffice) => OfficeId == listingOffice ? 2 : Rank;

    public bool CanSee(string level, string listingOffice) => Visibility.Rank(level) <= RankFor(listingOffice);
}

public sealed record OfficeRef(string Id, string Name);

public sealed record TopicRef(string Code, string Label, string LabelEn);

public sealed record PlaceView(string? Kind, string? Venue, string? Street, string? Postcode, string? City, double? Latitude, double? Longitude, bool Exact);

/// <summary>A listing as one viewer may see it: hidden fields are absent, not blanked.</summary>
public sealed record ListingView(
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
    FieldVisibility? FieldVisibility,
    DateTimeOffset LastConfirmedAt,
    bool NotRecentlyConfirmed,
    double? DistanceKm = null,
    Provenance? ImportedFrom = null,
    IReadOnlyList<Provenance>? AlsoListedBy = null);

/// <summary>
/// The one place that decides what a viewer sees of a listing. Answers, search documents, JSON-LD and integration
/// events are all derived from it, so a hidden field cannot leak through one of them alone.
/// </summary>
public static class ListingProjection
{
    /// <summary>Listings unconfirmed for longer are flagged to their office and shown as "not recently confirmed".</summary>
    public const int ConfirmationMonths = 12;

    public static bool IsStale(DateTimeOffset lastConfirmed, DateTimeOffset now) => lastConfirmed < now.AddMonths(-ConfirmationMonths);

    /// <summary>
    /// No finer than a postcode area: 0.1° is a cell of about 11 × 7 km in Germany (~75 km²), larger than a typical
    /// postcode area (~40 km²), so a home cannot be narrowed down to a few streets. Midpoints round away from zero, as
    /// PostgreSQL's round(numeric) does in migration 0009, which re-rounded the rows stored before.
    /// </summary>
    public static double Coarse(double degrees) => Math.Round(degrees, 1, MidpointRounding.AwayFromZero);

    public static string EffectiveLevel(ListingContent content, string fieldLevel) => Visibility.Narrowest(content.Visibility, fieldLevel);

    public static bool AddressVisible(ListingContent c, int rank) =>
        Visibility.Rank(EffectiveLevel(c, c.FieldVisibility.Address)) <= rank && (!(c.Place?.IsPrivateHome ?? false) || rank == 2);

    /// <summary>Coordinates a viewer of <paramref name="rank"/> may know: exact with the address, else the area.</summary>
    public static (double? Latitude, double? Longitude, bool Exact) Coordinates(ListingContent c, int rank)
    {
        if (c.Place?.Latitude is not { } lat || c.Place.Longitude is not { } lon) return (null, null, false);
        return AddressVisible(c, rank) ? (lat, lon, true) : (Coarse(lat), Coarse(lon), false);
    }

    public static ListingView? Project(Listing listing, Viewer viewer, TopicTaxonomy taxonomy, DateTimeOffset now, double? distanceKm = null)
    {
        var c = listing.Content;
        var rank = viewer.RankFor(listing.OfficeId);
        if (Visibility.Rank(c.Visibility) > rank) return null;
        if (listing.Status != ListingStatus.Published && rank < 2) return null;

        bool Shows(string fieldLevel) => Visibility.Rank(EffectiveLevel(c, fieldLevel)) <= rank;
        PlaceView? place = null;
        if (c.Place is { } p)
        {
            var (lat, lon, exact) = Coordinates(c, rank);
            place = AddressVisible(c, rank)
                ? new PlaceView(p.Kind, p.Venue, p.Street, p.Postcode, p.City, lat, lon, exact)
                : new PlaceView(null, null, null, p.Postcode, p.City, lat, lon, false);
        }
        return new ListingView(
            listing.Id, new OfficeRef(listing.OfficeId, listing.OfficeName), listing.Status, listing.Version, c.Visibility, c.Name,
            Shows(c.FieldVisibility.Description) ? c.Description : null,
            c.Topics.Select(code => taxonomy[code]).OfType<Topic>().Select(t => new TopicRef(t.Code, t.Label, t.LabelEn)).ToList(),
            c.Audience, c.Languages, c.Setting, place, c.Accessibility, c.Openness,
            Shows(c.FieldVisibility.Contact) ? c.Contact : null,
            rank == 2 ? c.FieldVisibility : null,
            listing.LastConfirmedAt, IsStale(listing.LastConfirmedAt, now), distanceKm, listing.Provenance, listing.AlsoFrom);
    }

    /// <summary>What the public may know, for integration events; null when the listing itself is not public.</summary>
    public static ListingFacts? PublicFacts(ListingContent c)
    {
        if (c.Visibility != Visibility.Public) return null;
        var (lat, lon, _) = Coordinates(c, 0);
        var addressPublic = AddressVisible(c, 0);
        return new ListingFacts
        {
            Name = c.Name,
            Topics = c.Topics,
            Audience = c.Audience,
            Languages = c.Languages,
            Setting = c.Setting,
            Openness = c.Openness,
            Accessibility = c.Accessibility,
            Postcode = c.Place?.Postcode,
            City = c.Place?.City,
            Latitude = lat,
            Longitude = lon,
            Description = c.FieldVisibility.Description == Visibility.Public ? c.Description : null,
            Address = addressPublic && c.Place is { } p ? string.Join(", ", new[] { p.Venue, p.Street }.OfType<string>()) : null,
        };
    }

    /// <summary>
    /// The text a viewer of <paramref name="rank"/> (for someone else's listing: 0 or 1; own office: 2) may find the
    /// listing by: name and topic names always, the rest only at its level. Weights: name A, topics B, place C, text D.
    /// </summary>
    public static (string Name, string Topics, string Place, string Text) SearchText(ListingContent c, int rank, TopicTaxonomy taxonomy)
    {
        bool Shows(string fieldLevel) => Visibility.Rank(EffectiveLevel(c, fieldLevel)) <= rank;
        var topics = string.Join(' ', c.Topics.Select(code => taxonomy[code]).OfType<Topic>()
            .SelectMany(t => t.Synonyms.Prepend(t.LabelEn).Prepend(t.Label)));
        var place = c.Place is null ? "" : string.Join(' ', new[] { c.Place.City, c.Place.Postcode, AddressVisible(c, rank) ? c.Place.Venue : null }.OfType<string>());
        var text = Shows(c.FieldVisibility.Description) ? c.Description ?? "" : "";
        return (c.Name, topics, place, text);
    }
}
