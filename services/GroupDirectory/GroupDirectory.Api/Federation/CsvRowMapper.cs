using System.Globalization;
using Selbsthilfe.GroupDirectory.Api.Listings;
using Selbsthilfe.GroupDirectory.Api.Taxonomy;

namespace Selbsthilfe.GroupDirectory.Api.Federation;

/// <summary>
/// Turns one spreadsheet record into a listing request. A value it cannot map becomes a row error naming the column
/// and is left out of the request; an empty cell is simply absent, so the rules name it if it is required.
/// </summary>
internal static class CsvRowMapper
{
    private static readonly char[] ListSeparators = [',', '|', ';'];

    public static CsvRow Map(CsvRecord record, IReadOnlyList<string?> columns, TopicTaxonomy taxonomy)
    {
        var errors = new List<string>();
        var cells = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < record.Fields.Count; i++)
        {
            var value = record.Fields[i].Trim();
            if (value.Length == 0) continue;
            if (i >= columns.Count)
            {
                errors.Add($"Die Zeile hat mehr Felder als die Kopfzeile (Trennzeichen im Text ohne Anführungszeichen?). / "
                    + "The row has more fields than the header (a delimiter in unquoted text?).");
                break;
            }
            if (columns[i] is { } column) cells[column] = value;
        }
        string? Cell(string column) => cells.GetValueOrDefault(column);
        string? Coded(CsvVocabulary vocabulary) => Map(Cell(vocabulary.Column), vocabulary, errors);

        var externalId = Cell(CsvColumns.Id) ?? "";
        if (externalId.Length == 0)
            errors.Add(CsvColumns.Prefix(CsvColumns.Id) + "Pflichtfeld. / Required.");
        else if (externalId.Length > CsvListings.MaxExternalIdLength)
            errors.Add(CsvColumns.Prefix(CsvColumns.Id) + $"Höchstens {CsvListings.MaxExternalIdLength} Zeichen. / At most {CsvListings.MaxExternalIdLength} characters.");

        var request = new ListingRequest
        {
            Name = Cell(CsvColumns.Name),
            Description = Cell(CsvColumns.Description),
            Topics = Cell(CsvColumns.Topics) is { } topics ? Topics(topics, taxonomy, errors) : null,
            Audience = Coded(CsvVocabulary.Audience),
            Languages = Cell(CsvColumns.Languages) is { } languages ? Split(languages).Select(Language).ToList() : null,
            Setting = Coded(CsvVocabulary.Setting),
            Place = Place(Cell, Coded(CsvVocabulary.PlaceKind), errors),
            Accessibility = Cell(CsvColumns.Accessibility) is { } features
                ? Split(features).Select(f => Map(f, CsvVocabulary.Accessibility, errors)).OfType<string>().ToList()
                : null,
            Openness = Coded(CsvVocabulary.Openness),
            Contact = Contact(Cell, Coded(CsvVocabulary.ContactKind)),
            Visibility = Coded(CsvVocabulary.Visibility),
            FieldVisibility = FieldVisibility(Coded),
        };
        return new CsvRow(record.Line, externalId, request, errors);
    }

    private static PlaceRequest? Place(Func<string, string?> cell, string? kind, List<string> errors)
    {
        string[] columns = [CsvColumns.PlaceKind, CsvColumns.Venue, CsvColumns.Street, CsvColumns.Postcode, CsvColumns.City, CsvColumns.Latitude, CsvColumns.Longitude];
        if (columns.All(c => cell(c) is null)) return null;
        var postcode = cell(CsvColumns.Postcode);
        // Spreadsheets store "01067" as the number 1067; German postcodes always have five digits.
        if (postcode is { Length: 4 } && postcode.All(char.IsAsciiDigit)) postcode = "0" + postcode;
        return new PlaceRequest(kind, cell(CsvColumns.Venue), cell(CsvColumns.Street), postcode, cell(CsvColumns.City),
            Number(cell(CsvColumns.Latitude), CsvColumns.Latitude, errors), Number(cell(CsvColumns.Longitude), CsvColumns.Longitude, errors));
    }

    private static ContactRequest? Contact(Func<string, string?> cell, string? kind)
    {
        var (email, phone) = (cell(CsvColumns.ContactEmail), cell(CsvColumns.ContactPhone));
        return kind is null && email is null && phone is null && cell(CsvColumns.ContactKind) is null ? null : new ContactRequest(kind, email, phone);
    }

    private static FieldVisibilityRequest? FieldVisibility(Func<CsvVocabulary, string?> coded)
    {
        var description = coded(CsvVocabulary.DescriptionVisibility);
        var address = coded(CsvVocabulary.AddressVisibility);
        var contact = coded(CsvVocabulary.ContactVisibility);
        return description is null && address is null && contact is null ? null : new FieldVisibilityRequest(description, address, contact);
    }

    /// <summary>
    /// Each name by its exact code, else by any of its names (<see cref="TopicTaxonomy.Find"/>), else as a search
    /// would (<see cref="TopicTaxonomy.Match"/>, with typos). A name that fits several topics takes the one it labels.
    /// </summary>
    private static List<string> Topics(string cell, TopicTaxonomy taxonomy, List<string> errors)
    {
        var codes = new List<string>();
        foreach (var name in Split(cell))
        {
            if (taxonomy[name] is not null) { Add(name); continue; }
            var candidates = taxonomy.Find(name).Select(t => t.Code).ToList();
            if (candidates.Count == 0) candidates = taxonomy.Match(name).Order(StringComparer.Ordinal).ToList();
            if (candidates.Count > 1)
            {
                var folded = TopicTaxonomy.Normalize(name);
                var labelled = candidates.Where(c => taxonomy[c] is { } t && (TopicTaxonomy.Normalize(t.Label) == folded || TopicTaxonomy.Normalize(t.LabelEn) == folded)).ToList();
                if (labelled.Count == 1) candidates = labelled;
            }
            if (candidates.Count == 1) Add(candidates[0]);
            else if (candidates.Count == 0)
                errors.Add(CsvColumns.Prefix(CsvColumns.Topics) + $"Unbekanntes Thema „{name}“. / Unknown topic \"{name}\".");
            else
            {
                var list = string.Join(", ", candidates);
                errors.Add(CsvColumns.Prefix(CsvColumns.Topics) + $"Thema „{name}“ ist mehrdeutig ({list}); bitte den Code angeben. / "
                    + $"Topic \"{name}\" is ambiguous ({list}); please give the code.");
            }
        }
        return codes;

        void Add(string code)
        {
            if (!codes.Contains(code)) codes.Add(code);
        }
    }

    private static string Language(string name) =>
        LanguageCodes.Find(name) ?? name.ToLowerInvariant();

    private static string? Map(string? value, CsvVocabulary vocabulary, List<string> errors)
    {
        if (value is null) return null;
        var code = vocabulary[value];
        if (code is null) errors.Add(vocabulary.UnknownError(value));
        return code;
    }

    /// <summary>Decimal comma or point: "52,3989" and "52.3989" are the same latitude.</summary>
    private static double? Number(string? value, string column, List<string> errors)
    {
        if (value is null) return null;
        if (value.Count(c => c is ',' or '.') <= 1
            && double.TryParse(value.Replace(',', '.'), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            return number;
        errors.Add(CsvColumns.Prefix(column) + $"Keine Zahl: „{value}“. / Not a number: \"{value}\".");
        return null;
    }

    private static string[] Split(string cell) =>
        cell.Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
