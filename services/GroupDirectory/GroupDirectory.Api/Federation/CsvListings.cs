using System.Text;
using Selbsthilfe.GroupDirectory.Api.Listings;
using Selbsthilfe.GroupDirectory.Api.Taxonomy;

namespace Selbsthilfe.GroupDirectory.Api.Federation;

/// <summary>One data row of a listings spreadsheet, mapped to a request. <see cref="Errors"/> holds mapping problems only.</summary>
public sealed record CsvRow(int Line, string ExternalId, ListingRequest Request, IReadOnlyList<string> Errors);

/// <summary>The rows of a spreadsheet, and what is wrong with (<see cref="Errors"/>) or odd about (<see cref="Warnings"/>) the file as a whole.</summary>
public sealed record CsvParseResult(IReadOnlyList<CsvRow> Rows, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings);

/// <summary>
/// Reads an office's spreadsheet export of its groups (UTF-8 CSV, semicolon or comma, German headers, see
/// <see cref="CsvColumns"/>) into listing requests. Only maps: whether a request makes a valid listing is for
/// <see cref="ListingRules"/> to say, and <see cref="Validate"/> asks it with the row's mapping errors in front.
/// </summary>
public static class CsvListings
{
    public const int MaxRows = 10_000;
    public const int MaxBytes = 5 * 1024 * 1024;
    public const int MaxExternalIdLength = 100;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads the stream synchronously: for files and memory. In a request handler use <see cref="ParseAsync"/>.</summary>
    public static CsvParseResult Parse(Stream csv, TopicTaxonomy taxonomy) =>
        BoundedRead.All(csv, MaxBytes) is { } bytes ? Parse(bytes, taxonomy) : TooLarge();

    public static async Task<CsvParseResult> ParseAsync(Stream csv, TopicTaxonomy taxonomy, CancellationToken ct = default) =>
        await BoundedRead.AllAsync(csv, MaxBytes, ct) is { } bytes ? Parse(bytes, taxonomy) : TooLarge();

    public static CsvParseResult Parse(byte[] csv, TopicTaxonomy taxonomy)
    {
        if (csv.Length > MaxBytes) return TooLarge();
        string text;
        try
        {
            text = StrictUtf8.GetString(csv).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            return Failed("Die Datei ist nicht UTF-8-kodiert; bitte als „CSV UTF-8“ speichern. / The file is not UTF-8 encoded; please save it as \"CSV UTF-8\".");
        }

        var records = CsvRecords.Read(text, CsvRecords.DetectDelimiter(text), out var openQuote);
        var errors = new List<string>();
        if (openQuote is { } line)
            errors.Add($"Zeile {line}: Ein Anführungszeichen wird nicht geschlossen; ab hier wurde nichts gelesen. / Line {line}: a quote is never closed; nothing from there on was read.");
        if (records.Count == 0) return Failed([.. errors, "Die Datei ist leer. / The file is empty."]);
        if (records.Count - 1 > MaxRows) return Failed($"Höchstens {MaxRows} Zeilen je Datei. / At most {MaxRows} rows per file.");

        var warnings = new List<string>();
        var columns = ReadHeader(records[0], warnings);
        var missing = new[] { CsvColumns.Id, CsvColumns.Name }.Where(c => !columns.Contains(c)).ToList();
        if (missing.Count > 0)
        {
            var names = string.Join(", ", missing);
            return Failed([.. errors, $"Pflichtspalte fehlt in der Kopfzeile: {names}. / Required column missing from the header: {names}."], warnings);
        }

        var rows = new List<CsvRow>(records.Count - 1);
        var firstLineOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var record in records.Skip(1))
        {
            var row = CsvRowMapper.Map(record, columns, taxonomy);
            if (row.ExternalId.Length > 0 && !firstLineOf.TryAdd(row.ExternalId, row.Line))
            {
                var first = firstLineOf[row.ExternalId];
                row = row with
                {
                    Errors = [.. row.Errors, CsvColumns.Prefix(CsvColumns.Id)
                        + $"Kennung „{row.ExternalId}“ steht schon in Zeile {first}. / ID \"{row.ExternalId}\" already appears on line {first}."],
                };
            }
            rows.Add(row);
        }
        return new CsvParseResult(rows, errors, warnings);
    }

    /// <summary>
    /// All that is wrong with a row: its mapping errors, then the <see cref="ListingRules"/> errors of fields whose
    /// columns mapped cleanly, each prefixed with its columns ("[PLZ] …"). The content only when there is none.
    /// </summary>
    public static (IReadOnlyList<string> Errors, ListingContent? Content) Validate(CsvRow row, TopicTaxonomy taxonomy)
    {
        var fieldErrors = ListingRules.Validate(row.Request, taxonomy, out var content);
        var errors = row.Errors.ToList();
        foreach (var (field, messages) in fieldErrors)
        {
            var columns = CsvColumns.ForField(field);
            // An unknown value was left out of the request, so the rules' "required" would only repeat the mapping error.
            if (columns.Any(c => row.Errors.Any(e => e.StartsWith(CsvColumns.Prefix(c), StringComparison.Ordinal)))) continue;
            errors.AddRange(messages.Select(m => CsvColumns.Prefix(columns) + m));
        }
        return (errors, errors.Count == 0 ? content : null);
    }

    /// <summary>The column of each header cell (null: unknown, or a repeat of an earlier one).</summary>
    private static string?[] ReadHeader(CsvRecord header, List<string> warnings)
    {
        var columns = new string?[header.Fields.Count];
        for (var i = 0; i < columns.Length; i++)
        {
            var name = header.Fields[i].Trim();
            var column = CsvColumns.Resolve(name);
            if (column is null)
            {
                if (name.Length > 0) warnings.Add($"Unbekannte Spalte „{name}“ wird ignoriert. / Unknown column \"{name}\" is ignored.");
            }
            else if (columns.Contains(column))
                warnings.Add($"Spalte „{name}“ kommt doppelt vor; nur die erste wird gelesen. / Column \"{name}\" appears twice; only the first is read.");
            else columns[i] = column;
        }
        return columns;
    }

    private static CsvParseResult TooLarge() =>
        Failed($"Die Datei ist größer als {MaxBytes / 1024 / 1024} MB. / The file is larger than {MaxBytes / 1024 / 1024} MB.");

    private static CsvParseResult Failed(string error) => Failed([error]);

    private static CsvParseResult Failed(IReadOnlyList<string> errors, IReadOnlyList<string>? warnings = null) => new([], errors, warnings ?? []);
}
