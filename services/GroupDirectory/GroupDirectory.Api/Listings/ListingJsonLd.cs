namespace Selbsthilfe.GroupDirectory.Api.Listings;

/// <summary>
/// schema.org JSON-LD of a listing (https://schema.org/Organization), built from the viewer's projection only, so
/// it can never show more than the JSON answer does.
/// </summary>
public static class ListingJsonLd
{
    public const string MediaType = "application/ld+json";

    private static readonly Dictionary<string, string> Audiences = new()
    {
        ["affected"] = "Betroffene", ["relatives"] = "Angehörige", ["both"] = "Betroffene und Angehörige",
    };

    public static Dictionary<string, object?> From(ListingView view, string baseUrl)
    {
        var document = new Dictionary<string, object?>
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "Organization",
            ["@id"] = $"{baseUrl}{Routes.Prefix}/listings/{view.Id}",
            ["name"] = view.Name,
            ["description"] = view.Description,
            ["keywords"] = view.Topics.Select(t => t.Label).ToList(),
            ["knowsLanguage"] = view.Languages,
            ["audience"] = new Dictionary<string, object?> { ["@type"] = "Audience", ["audienceType"] = Audiences.GetValueOrDefault(view.Audience) },
            ["parentOrganization"] = new Dictionary<string, object?>
            {
                ["@type"] = "Organization", ["@id"] = $"{baseUrl}{Routes.Prefix}/offices/{view.Office.Id}", ["name"] = view.Office.Name,
            },
            ["dateModified"] = view.LastConfirmedAt,
        };
        if (view.Place is { } place)
        {
            var location = new Dictionary<string, object?>
            {
                ["@type"] = "Place",
                ["name"] = place.Venue,
                ["address"] = new Dictionary<string, object?>
                {
                    ["@type"] = "PostalAddress", ["streetAddress"] = place.Street, ["postalCode"] = place.Postcode,
                    ["addressLocality"] = place.City, ["addressCountry"] = "DE",
                },
            };
            if (place.Exact && place.Latitude is not null)
                location["geo"] = new Dictionary<string, object?> { ["@type"] = "GeoCoordinates", ["latitude"] = place.Latitude, ["longitude"] = place.Longitude };
            document["location"] = location;
        }
        if (view.Contact is { Kind: "group-mailbox" } contact) document["email"] = contact.Email;
        if (view.Contact?.Phone is { } phone) document["telephone"] = phone;
        return WithoutNulls(document);
    }

    /// <summary>JSON-LD leaves unknown properties out rather than stating null.</summary>
    private static Dictionary<string, object?> WithoutNulls(Dictionary<string, object?> node) =>
        node.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value is Dictionary<string, object?> child ? WithoutNulls(child) : p.Value);
}
