using Selbsthilfe.GroupDirectory.Api.Taxonomy;

namespace Selbsthilfe.GroupDirectory.Api.Federation;

/// <summary>
/// The columns of a listings spreadsheet, named as German offices name them, with a few English aliases. Headers are
/// compared folded like topic names (<see cref="TopicTaxonomy.Normalize"/>): "Strasse" finds "Straße", "Ort Art" finds
/// "Ort-Art".
/// </summary>
public static class CsvColumns
{
    public const string Id = "Kennung";
    public const string Name = "Name";
    public const string Description = "Beschreibung";
    public const string Topics = "Themen";
    public const string Audience = "Zielgruppe";
    public const string Languages = "Sprachen";
    public const string Setting = "Form";
    public const string PlaceKind = "Ort-Art";
    public const string Venue = "Treffpunkt";
    public const string Street = "Straße";
    public const string Postcode = "PLZ";
    public const string City = "Ort";
    public const string Latitude = "Breitengrad";
    public const string Longitude = "Längengrad";
    public const string Accessibility = "Barrierefreiheit";
    public const string Openness = "Offen";
    public const string ContactKind = "Kontakt-Art";
    public const string ContactEmail = "Kontakt-E-Mail";
    public const string ContactPhone = "Kontakt-Telefon";
    public const string Visibility = "Sichtbarkeit";
    public const string DescriptionVisibility = "Sichtbarkeit-Beschreibung";
    public const string AddressVisibility = "Sichtbarkeit-Adresse";
    public const string ContactVisibility = "Sichtbarkeit-Kontakt";

    private static readonly Dictionary<string, string> ByHeader = Aliases(new()
    {
        [Id] = ["ID", "Externe Kennung", "External ID"],
        [Name] = ["Gruppenname", "Group name"],
        [Description] = ["Description"],
        [Topics] = ["Thema", "Topics", "Topic"],
        [Audience] = ["Audience"],
        [Languages] = ["Sprache", "Languages", "Language"],
        [Setting] = ["Setting"],
        [PlaceKind] = ["Ortsart", "Art des Treffpunkts", "Place kind"],
        [Venue] = ["Venue", "Location"],
        [Street] = ["Street", "Address"],
        [Postcode] = ["Postleitzahl", "Postcode", "Postal code", "Zip"],
        [City] = ["Stadt", "City"],
        [Latitude] = ["Breite", "Latitude", "Lat"],
        [Longitude] = ["Länge", "Longitude", "Lon", "Lng"],
        [Accessibility] = ["Accessibility"],
        [Openness] = ["Offenheit", "Aufnahme", "Openness"],
        [ContactKind] = ["Kontaktweg", "Contact kind"],
        [ContactEmail] = ["Kontakt-Email", "E-Mail", "Contact email"],
        [ContactPhone] = ["Telefon", "Contact phone"],
        [Visibility] = ["Veröffentlichung", "Visibility"],
        [DescriptionVisibility] = ["Description visibility"],
        [AddressVisibility] = ["Address visibility"],
        [ContactVisibility] = ["Contact visibility"],
    });

    /// <summary>The column a header names, or null for a column this import does not know.</summary>
    public static string? Resolve(string header) => ByHeader.GetValueOrDefault(TopicTaxonomy.Normalize(header));

    /// <summary>
    /// The columns a <see cref="Listings.ListingRules"/> error key (a JSON path) comes from, so the office knows which
    /// cell to fix.
    /// </summary>
    public static string[] ForField(string field) => field switch
    {
        "name" => [Name],
        "description" => [Description],
        "topics" => [Topics],
        "audience" => [Audience],
        "languages" => [Languages],
        "setting" => [Setting],
        "accessibility" => [Accessibility],
        "openness" => [Openness],
        "visibility" => [Visibility],
        "place" => [Postcode, City],
        "place.kind" => [PlaceKind],
        "place.postcode" => [Postcode],
        "place.city" => [City],
        "place.street" => [Venue, Street],
        "place.latitude" => [Latitude, Longitude],
        "contact" or "contact.kind" => [ContactKind],
        "contact.email" => [ContactEmail],
        "contact.phone" => [ContactPhone],
        "fieldVisibility.description" => [DescriptionVisibility],
        "fieldVisibility.address" => [AddressVisibility],
        "fieldVisibility.contact" => [ContactVisibility],
        _ => [field],
    };

    /// <summary>How an error about <paramref name="columns"/> begins: "[PLZ] …".</summary>
    public static string Prefix(params string[] columns) => $"[{string.Join(", ", columns)}] ";

    private static Dictionary<string, string> Aliases(Dictionary<string, string[]> aliases)
    {
        var byHeader = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (column, others) in aliases)
        {
            foreach (var header in others.Prepend(column)) byHeader.Add(TopicTaxonomy.Normalize(header), column);
        }
        return byHeader;
    }
}
