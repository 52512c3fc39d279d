using System.Text.Json.Serialization;
using Selbsthilfe.GroupDirectory.Api.Listings;
using Selbsthilfe.GroupDirectory.Api.Taxonomy;

namespace Selbsthilfe.GroupDirectory.Api.Federation;

// The change feed's JSON, shaped after Open Referral HSDS 3: organization = the office, service = the group, location,
// taxonomy terms; what HSDS has no field for travels in "x_" extension fields, as HSDS allows. Names are snake_case.

/// <summary>One page of the feed: entries in log order and the cursor to ask for the next page.</summary>
public sealed record FeedPage(
    [property: JsonPropertyName("items")] IReadOnlyList<FeedItem> Items,
    [property: JsonPropertyName("next")] string Next,
    [property: JsonPropertyName("has_more")] bool HasMore,
    [property: JsonPropertyName("remaining")] long Remaining,
    [property: JsonPropertyName("oldest_remaining_at")] DateTimeOffset? OldestRemainingAt);

/// <summary>A listing as of its latest change, or a tombstone (<c>deleted</c>) when it was withdrawn or is no longer shared.</summary>
public sealed record FeedItem(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("deleted")] bool Deleted,
    [property: JsonPropertyName("origin")] string? Origin,
    [property: JsonPropertyName("last_modified")] DateTimeOffset? LastModified,
    [property: JsonPropertyName("organization")] FeedOrganization? Organization,
    [property: JsonPropertyName("service")] FeedService? Service,
    [property: JsonPropertyName("location")] FeedLocation? Location);

public sealed record FeedOrganization(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name);

public sealed record FeedService(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("email")] string? Email,
    [property: JsonPropertyName("phone")] string? Phone,
    [property: JsonPropertyName("languages")] IReadOnlyList<FeedLanguage>? Languages,
    [property: JsonPropertyName("taxonomy_terms")] IReadOnlyList<FeedTaxonomyTerm>? TaxonomyTerms,
    [property: JsonPropertyName("x_audience")] string? Audience,
    [property: JsonPropertyName("x_setting")] string? Setting,
    [property: JsonPropertyName("x_openness")] string? Openness,
    [property: JsonPropertyName("x_contact_kind")] string? ContactKind,
    [property: JsonPropertyName("x_visibility")] string? Visibility,
    [property: JsonPropertyName("x_field_visibility")] FeedFieldVisibility? FieldVisibility,
    [property: JsonPropertyName("x_last_confirmed")] DateTimeOffset? LastConfirmed,
    // Where HSDS 3 nests what our feed puts at the top or names differently; read from others' feeds, never written.
    [property: JsonPropertyName("attributes"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyList<FeedAttribute>? Attributes = null,
    [property: JsonPropertyName("phones"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyList<FeedPhone>? Phones = null,
    [property: JsonPropertyName("organization"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    FeedOrganization? Organization = null,
    [property: JsonPropertyName("organization_id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    string? OrganizationId = null,
    [property: JsonPropertyName("service_at_locations"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyList<FeedServiceAtLocation>? ServiceAtLocations = null);

/// <summary>A language by code (ISO 639-1 in our feed; others write 639-3 or region tags) or, in HSDS 3, by name.</summary>
public sealed record FeedLanguage(
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("name"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name = null);

/// <summary>Our feed writes our topic code as id and its label as term; HSDS 3 calls the label name.</summary>
public sealed record FeedTaxonomyTerm(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("term")] string? Term,
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("taxonomy")] string? Taxonomy,
    [property: JsonPropertyName("name"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name = null);

/// <summary>HSDS 3 attaches taxonomy terms to a service through attributes.</summary>
public sealed record FeedAttribute([property: JsonPropertyName("taxonomy_term")] FeedTaxonomyTerm? TaxonomyTerm);

public sealed record FeedPhone([property: JsonPropertyName("number")] string? Number);

public sealed record FeedServiceAtLocation([property: JsonPropertyName("location")] FeedLocation? Location);

/// <summary>The level of each sensitive field that is present; an absent field is not shared with this reader.</summary>
public sealed record FeedFieldVisibility(
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("address")] string? Address,
    [property: JsonPropertyName("contact")] string? Contact);

public sealed record FeedLocation(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("location_type")] string? LocationType,
    [property: JsonPropertyName("latitude")] double? Latitude,
    [property: JsonPropertyName("longitude")] double? Longitude,
    [property: JsonPropertyName("x_exact")] bool Exact,
    [property: JsonPropertyName("x_kind")] string? Kind,
    [property: JsonPropertyName("addresses")] IReadOnlyList<FeedAddress>? Addresses,
    [property: JsonPropertyName("accessibility")] IReadOnlyList<FeedAccessibility>? Accessibility);

public sealed record FeedAddress(
    [property: JsonPropertyName("address_1")] string? Address1,
    [property: JsonPropertyName("city")] string? City,
    [property: JsonPropertyName("postal_code")] string? PostalCode,
    [property: JsonPropertyName("country")] string? Country,
    [property: JsonPropertyName("address_type")] string? AddressType);

public sealed record FeedAccessibility([property: JsonPropertyName("description")] string? Description);

/// <summary>Between a listing as a reader may see it and a feed entry, both ways.</summary>
public static class FeedMapping
{
    public const string TaxonomyName = "selbsthilfe-themen";

    public static FeedItem Tombstone(Guid id, int version, string? origin) => new(id.ToString(), version, true, origin, null, null, null, null);

    /// <param name="view">The listing projected for the reader: hidden fields are already absent.</param>
    public static FeedItem ToItem(Listing listing, ListingView view, int rank, string origin, TopicTaxonomy taxonomy)
    {
        var c = listing.Content;
        string? Level(string field) =>
            Visibility.Rank(ListingProjection.EffectiveLevel(c, field)) <= rank ? ListingProjection.EffectiveLevel(c, field) : null;
        var contact = view.Contact;
        var service = new FeedService(
            view.Id.ToString(), view.Name, view.Description, "active",
            contact?.Kind == "group-mailbox" ? contact.Email : null, contact?.Kind == "group-mailbox" ? contact.Phone : null,
            view.Languages.Select(l => new FeedLanguage(l)).ToList(),
            view.Topics.Select(t => new FeedTaxonomyTerm(t.Code, t.Label, taxonomy[t.Code]?.Icd10 is [var icd, ..] ? icd : null, TaxonomyName)).ToList(),
            view.Audience, view.Setting, view.Openness, contact?.Kind, view.Visibility,
            new FeedFieldVisibility(view.Description is null ? null : Level(c.FieldVisibility.Description),
                view.Place?.Street is null && view.Place?.Venue is null ? null : Level(c.FieldVisibility.Address),
                contact is null ? null : Level(c.FieldVisibility.Contact)),
            view.LastConfirmedAt);
        FeedLocation? location = null;
        if (view.Place is { } p)
        {
            location = new FeedLocation(p.Venue, view.Setting == "online" ? "virtual" : "physical", p.Latitude, p.Longitude, p.Exact, p.Kind,
                [new FeedAddress(p.Street, p.City, p.Postcode, "DE", "physical")],
                view.Accessibility.Select(a => new FeedAccessibility(a)).ToList());
        }
        return new FeedItem(view.Id.ToString(), view.Version, false, origin, listing.UpdatedAt,
            new FeedOrganization(view.Office.Id, view.Office.Name), service, location);
    }

    /// <summary>
    /// The listing request a feed entry stands for, to validate with <see cref="ListingRules"/> like any other. A field
    /// the peer did not share stays hidden here too (office only); a meeting place whose address was not shared is
    /// treated as a private home, so it is never shown beyond its postcode area.
    /// </summary>
    public static ListingRequest ToRequest(FeedItem item, TopicTaxonomy taxonomy)
    {
        var s = item.Service!;
        // A feed written by others from the HSDS spec has no x_ fields: what it shows is public, for everyone, open.
        var visibility = s.Visibility ?? Visibility.Public;
        var levels = s.FieldVisibility ?? new FeedFieldVisibility(visibility, visibility, visibility);
        PlaceRequest? place = null;
        if (item.Location is { } l && ForeignFeeds.Address(l) is { PostalCode: not null } a)
        {
            var addressShared = levels.Address is not null && (l.Name is not null || a.Address1 is not null);
            place = new PlaceRequest(addressShared ? l.Kind ?? "public-venue" : "private-home", addressShared ? l.Name : null,
                addressShared ? a.Address1 : null, ForeignFeeds.Postcode(a), a.City, l.Latitude, l.Longitude);
        }
        var setting = s.Setting ?? (item.Location?.LocationType == "virtual" ? "online" : "in-person");
        var contactShared = levels.Contact is not null && (s.ContactKind == "group-mailbox" || (s.ContactKind is null && s.Email is not null));
        return new ListingRequest
        {
            Name = s.Name,
            Description = s.Description,
            Topics = ForeignFeeds.Topics(s, taxonomy),
            Audience = s.Audience ?? "both",
            Languages = ForeignFeeds.Languages(s.Languages),
            Setting = setting,
            Place = place,
            Accessibility = (item.Location?.Accessibility ?? []).Select(x => x?.Description).OfType<string>().Where(ListingValues.Accessibility.Contains).ToList(),
            Openness = s.Openness ?? "open",
            Contact = contactShared ? new ContactRequest("group-mailbox", s.Email, ForeignFeeds.Phone(s)) : new ContactRequest("office", null, null),
            Visibility = visibility,
            FieldVisibility = new FieldVisibilityRequest(
                levels.Description ?? Visibility.OfficeOnly,
                levels.Address ?? Visibility.OfficeOnly,
                contactShared ? levels.Contact : visibility),
        };
    }
}
