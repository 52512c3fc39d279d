using Selbsthilfe.GroupDirectory.Api.Listings;
using Selbsthilfe.GroupDirectory.Api.Taxonomy;

namespace Selbsthilfe.GroupDirectory.Api.Federation;

/// <summary>
/// The German words a spreadsheet may use for one of our coded values, and the codes themselves. Words are compared
/// folded like topic names, so "Angehörige", "angehoerige" and "ANGEHÖRIGE" are the same word.
/// </summary>
internal sealed class CsvVocabulary
{
    private readonly Dictionary<string, string> _codes = new(StringComparer.Ordinal);
    private readonly string[] _labels;

    public CsvVocabulary(string column, IReadOnlyList<string> codes, params (string Word, string Code)[] words)
    {
        Column = column;
        Codes = codes;
        foreach (var (word, code) in words) _codes.TryAdd(TopicTaxonomy.Normalize(word), code);
        foreach (var code in codes) _codes.TryAdd(TopicTaxonomy.Normalize(code), code);
        _labels = words.DistinctBy(w => w.Code).Select(w => w.Word).ToArray();
    }

    public string Column { get; }

    public IReadOnlyList<string> Codes { get; }

    public string? this[string word] => _codes.GetValueOrDefault(TopicTaxonomy.Normalize(word));

    public string UnknownError(string value) =>
        CsvColumns.Prefix(Column) + $"Unbekannter Wert „{value}“; erlaubt: {string.Join(", ", _labels)}. / "
            + $"Unknown value \"{value}\"; allowed: {string.Join(", ", Codes)}.";

    public static readonly CsvVocabulary Audience = new(CsvColumns.Audience, ListingValues.Audiences,
        ("Betroffene", "affected"), ("Angehörige", "relatives"), ("beide", "both"), ("Betroffene und Angehörige", "both"));

    public static readonly CsvVocabulary Setting = new(CsvColumns.Setting, ListingValues.Settings,
        ("Präsenz", "in-person"), ("online", "online"), ("hybrid", "hybrid"), ("vor Ort", "in-person"), ("Präsenztreffen", "in-person"));

    public static readonly CsvVocabulary PlaceKind = new(CsvColumns.PlaceKind, ListingValues.PlaceKinds,
        ("öffentlich", "public-venue"), ("privat", "private-home"), ("Privatwohnung", "private-home"), ("öffentlicher Ort", "public-venue"));

    public static readonly CsvVocabulary Openness = new(CsvColumns.Openness, ListingValues.Openness,
        ("offen", "open"), ("Warteliste", "waiting-list"), ("geschlossen", "closed"), ("ja", "open"), ("nein", "closed"));

    public static readonly CsvVocabulary ContactKind = new(CsvColumns.ContactKind, ListingValues.ContactKinds,
        ("Kontaktstelle", "office"), ("Gruppenpostfach", "group-mailbox"), ("über die Kontaktstelle", "office"));

    public static readonly CsvVocabulary Accessibility = new(CsvColumns.Accessibility, ListingValues.Accessibility,
        ("rollstuhlgerecht", "wheelchair-accessible"), ("stufenlos", "step-free"), ("barrierefreie Toilette", "accessible-toilet"),
        ("Induktionsschleife", "hearing-loop"), ("Gebärdensprache", "sign-language"), ("leichte Sprache", "easy-language"),
        ("Parkplatz", "parking"), ("ÖPNV", "public-transport"), ("Parkplätze", "parking"), ("barrierefreies WC", "accessible-toilet"));

    public static readonly CsvVocabulary Visibility = ForVisibility(CsvColumns.Visibility);
    public static readonly CsvVocabulary DescriptionVisibility = ForVisibility(CsvColumns.DescriptionVisibility);
    public static readonly CsvVocabulary AddressVisibility = ForVisibility(CsvColumns.AddressVisibility);
    public static readonly CsvVocabulary ContactVisibility = ForVisibility(CsvColumns.ContactVisibility);

    private static CsvVocabulary ForVisibility(string column) => new(column, Listings.Visibility.All,
        ("öffentlich", Listings.Visibility.Public), ("Netzwerk", Listings.Visibility.OfficeNetwork),
        ("nur Kontaktstelle", Listings.Visibility.OfficeOnly), ("Kontaktstellen-Netzwerk", Listings.Visibility.OfficeNetwork));
}
