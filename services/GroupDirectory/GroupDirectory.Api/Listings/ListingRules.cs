using System.Net.Mail;
using System.Text.RegularExpressions;
using Selbsthilfe.GroupDirectory.Api.Taxonomy;

namespace Selbsthilfe.GroupDirectory.Api.Listings;

/// <summary>
/// What makes a listing valid. Errors are keyed by the field's JSON path and bilingual (German, then English), so a
/// form can show each next to its field.
/// </summary>
public static partial class ListingRules
{
    public const int MaxNameLength = 150;
    public const int MaxDescriptionLength = 4000;
    public const int MaxTopics = 5;

    public static Dictionary<string, string[]> Validate(ListingRequest request, TopicTaxonomy taxonomy, out ListingContent? content)
    {
        var errors = new Errors();
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
            errors.Add("name", $"Name: Pflichtfeld, höchstens {MaxNameLength} Zeichen.", $"Name: required, at most {MaxNameLength} characters.");
        var description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim();
        if (description?.Length > MaxDescriptionLength)
            errors.Add("description", $"Beschreibung: höchstens {MaxDescriptionLength} Zeichen.", $"Description: at most {MaxDescriptionLength} characters.");

        var topics = request.Topics?.Distinct().ToList() ?? [];
        if (topics.Count == 0 || topics.Count > MaxTopics)
            errors.Add("topics", $"Themen: mindestens eines, höchstens {MaxTopics}.", $"Topics: at least one, at most {MaxTopics}.");
        foreach (var unknown in topics.Where(t => taxonomy[t] is null))
            errors.Add("topics", $"Unbekanntes Thema \"{unknown}\" (siehe /api/directory/topics).", $"Unknown topic \"{unknown}\" (see /api/directory/topics).");

        OneOf(errors, "audience", request.Audience, ListingValues.Audiences, "Zielgruppe", "Audience");
        OneOf(errors, "setting", request.Setting, ListingValues.Settings, "Form", "Setting");
        OneOf(errors, "openness", request.Openness, ListingValues.Openness, "Offenheit", "Openness");
        OneOf(errors, "visibility", request.Visibility, Visibility.All, "Veröffentlichung", "Visibility");

        var languages = request.Languages?.Distinct().ToList() ?? [];
        if (languages.Count == 0 || languages.Any(l => l is null || !LanguageCode().IsMatch(l)))
            errors.Add("languages", "Sprachen: mindestens eine, als ISO-639-1-Kürzel (z. B. \"de\").", "Languages: at least one, as ISO 639-1 codes (e.g. \"de\").");
        var accessibility = request.Accessibility?.Distinct().ToList() ?? [];
        foreach (var unknown in accessibility.Where(a => !ListingValues.Accessibility.Contains(a)))
            errors.Add("accessibility", $"Unbekanntes Barrierefreiheits-Merkmal \"{unknown}\"; erlaubt: {string.Join(", ", ListingValues.Accessibility)}.",
                $"Unknown accessibility feature \"{unknown}\"; allowed: {string.Join(", ", ListingValues.Accessibility)}.");

        var place = ValidatePlace(errors, request.Setting, request.Place);
        var contact = ValidateContact(errors, request.Contact);
        var fields = ValidateFields(errors, request.FieldVisibility, place);

        content = errors.Count > 0 ? null : new ListingContent(name!, description, topics, request.Audience!, languages.Select(l => l.ToLowerInvariant()).ToList(),
            request.Setting!, place, accessibility, request.Openness!, contact!, request.Visibility!, fields!);
        return errors.Result;
    }

    private static Place? ValidatePlace(Errors errors, string? setting, PlaceRequest? place)
    {
        if (place is null)
        {
            if (setting is "in-person" or "hybrid")
                errors.Add("place", "Treffpunkt: Pflichtfeld für Gruppen, die sich vor Ort treffen.", "Place: required for groups that meet in person.");
            return null;
        }
        OneOf(errors, "place.kind", place.Kind, ListingValues.PlaceKinds, "Art des Treffpunkts", "Place kind");
        if (place.Postcode is null || !Postcode().IsMatch(place.Postcode))
            errors.Add("place.postcode", "Postleitzahl: fünf Ziffern.", "Postcode: five digits.");
        if (string.IsNullOrWhiteSpace(place.City) || place.City.Length > 100)
            errors.Add("place.city", "Ort: Pflichtfeld, höchstens 100 Zeichen.", "City: required, at most 100 characters.");
        if (place.Venue?.Length > 200 || place.Street?.Length > 200)
            errors.Add("place.street", "Treffpunkt und Straße: je höchstens 200 Zeichen.", "Venue and street: at most 200 characters each.");
        if (place.Latitude is null != place.Longitude is null
            || place.Latitude is < -90 or > 90 || place.Longitude is < -180 or > 180)
            errors.Add("place.latitude", "Koordinaten: Breite (-90 bis 90) und Länge (-180 bis 180), beide oder keine.",
                "Coordinates: latitude (-90 to 90) and longitude (-180 to 180), both or neither.");
        return new Place(place.Kind ?? "", Trim(place.Venue), Trim(place.Street), place.Postcode ?? "", place.City?.Trim() ?? "", place.Latitude, place.Longitude);
    }

    private static ContactPath? ValidateContact(Errors errors, ContactRequest? contact)
    {
        if (contact is null)
        {
            errors.Add("contact", "Kontaktweg: Pflichtfeld (über die Kontaktstelle oder ein Gruppenpostfach).", "Contact path: required (via the office or a group mailbox).");
            return null;
        }
        OneOf(errors, "contact.kind", contact.Kind, ListingValues.ContactKinds, "Kontaktweg", "Contact path");
        if (contact.Kind == "group-mailbox" && (contact.Email is null || !MailAddress.TryCreate(contact.Email, out _) || contact.Email.Length > 200))
            errors.Add("contact.email", "Gruppenpostfach: eine gültige E-Mail-Adresse der Gruppe (kein privates Postfach eines Mitglieds).",
                "Group mailbox: a valid e-mail address of the group (not a member's private one).");
        if (contact.Phone is not null && !IsPhone(contact.Phone))
            errors.Add("contact.phone", "Telefon: Ziffern, Leerzeichen, +, / und - , höchstens 30 Zeichen.", "Phone: digits, spaces, +, / and -, at most 30 characters.");
        return new ContactPath(contact.Kind ?? "", contact.Kind == "group-mailbox" ? contact.Email?.Trim() : null, Trim(contact.Phone));
    }

    private static FieldVisibility ValidateFields(Errors errors, FieldVisibilityRequest? fields, Place? place)
    {
        var description = fields?.Description ?? Visibility.Public;
        var address = fields?.Address ?? (place?.IsPrivateHome == true ? Visibility.OfficeOnly : Visibility.Public);
        var contact = fields?.Contact ?? Visibility.Public;
        OneOf(errors, "fieldVisibility.description", description, Visibility.All, "Veröffentlichung der Beschreibung", "Visibility of the description");
        OneOf(errors, "fieldVisibility.address", address, Visibility.All, "Veröffentlichung der Adresse", "Visibility of the address");
        OneOf(errors, "fieldVisibility.contact", contact, Visibility.All, "Veröffentlichung des Kontaktwegs", "Visibility of the contact path");
        if (place?.IsPrivateHome == true && address != Visibility.OfficeOnly)
            errors.Add("fieldVisibility.address", "Ein Treffpunkt in einer Privatwohnung wird nie veröffentlicht: nur \"office-only\" ist möglich.",
                "A meeting place in a private home is never published: only \"office-only\" is allowed.");
        return new FieldVisibility(description, address, contact);
    }

    private static void OneOf(Errors errors, string field, string? value, string[] allowed, string de, string en)
    {
        if (value is null || !allowed.Contains(value))
            errors.Add(field, $"{de}: einer der Werte {string.Join(", ", allowed)}.", $"{en}: one of {string.Join(", ", allowed)}.");
    }

    private static string? Trim(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private sealed class Errors
    {
        private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);
        public int Count => _errors.Count;

        public void Add(string field, string german, string english)
        {
            if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
            list.Add($"{german} / {english}");
        }

        public Dictionary<string, string[]> Result => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
    }

    [GeneratedRegex("^[0-9]{5}$")]
    private static partial Regex Postcode();

    [GeneratedRegex("^[a-zA-Z]{2}$")]
    private static partial Regex LanguageCode();

    /// <summary>Whether a listing may show this phone number as it is written.</summary>
    public static bool IsPhone(string phone) => Phone().IsMatch(phone);

    [GeneratedRegex(@"^[0-9 +/\-()]{3,30}$")]
    private static partial Regex Phone();
}
