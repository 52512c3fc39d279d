using System.Text.Json;
using System.Text.Json.Serialization;
using Selbsthilfe.GroupDirectory.Api.Listings;
using Selbsthilfe.GroupDirectory.Api.Taxonomy;

namespace Selbsthilfe.GroupDirectory.Api.Federation;

/// <summary>What became of one row: created, updated, unchanged, valid (dry run) or rejected with its reasons.</summary>
public sealed record UploadRowResult(int Line, string? ExternalId, string Outcome, Guid? ListingId, IReadOnlyList<string>? Errors);

public sealed record UploadReport(bool DryRun, int Accepted, int Rejected, IReadOnlyList<UploadRowResult> Rows, IReadOnlyList<string> Warnings);

/// <summary>
/// An office's spreadsheet (CSV, see <see cref="CsvListings"/>) or JSON upload of its groups. Rows are checked one by
/// one; each good row is written in its own transaction, keyed by the office's own id for it (Kennung / externalId),
/// so uploading the same file again changes nothing. A dry run checks everything and writes nothing.
/// </summary>
public sealed class ListingUpload(ListingStore store, TopicTaxonomy taxonomy)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { NumberHandling = JsonNumberHandling.AllowReadingFromString };

    private sealed record CheckedRow(int Line, string? ExternalId, IReadOnlyList<string> Errors, ListingContent? Content);

    /// <returns>The report, or file-level errors (nothing was written).</returns>
    public async Task<(UploadReport? Report, IReadOnlyList<string> FileErrors)> RunAsync(
        string officeId, Stream body, bool json, bool dryRun, CancellationToken ct)
    {
        var (rows, fileErrors, warnings) = json ? await CheckJsonAsync(body, ct) : await CheckCsvAsync(body, ct);
        if (fileErrors.Count > 0) return (null, fileErrors);
        var results = new List<UploadRowResult>(rows.Count);
        foreach (var row in rows)
        {
            if (row.Content is null) results.Add(new UploadRowResult(row.Line, row.ExternalId, "rejected", null, row.Errors));
            else if (dryRun) results.Add(new UploadRowResult(row.Line, row.ExternalId, "valid", null, null));
            else
            {
                var (outcome, id) = await store.UpsertExternalAsync(officeId, row.ExternalId!, row.Content, ct);
                results.Add(new UploadRowResult(row.Line, row.ExternalId, outcome.ToString().ToLowerInvariant(), id, null));
            }
        }
        var rejected = results.Count(r => r.Outcome == "rejected");
        return (new UploadReport(dryRun, results.Count - rejected, rejected, results, warnings), []);
    }

    private async Task<(List<CheckedRow>, IReadOnlyList<string>, IReadOnlyList<string>)> CheckCsvAsync(Stream body, CancellationToken ct)
    {
        var parsed = await CsvListings.ParseAsync(body, taxonomy, ct);
        var rows = parsed.Rows.Select(row =>
        {
            var (errors, content) = CsvListings.Validate(row, taxonomy);
            return new CheckedRow(row.Line, row.ExternalId, errors, errors.Count == 0 ? content : null);
        }).ToList();
        return (rows, parsed.Errors, parsed.Warnings);
    }

    /// <summary>A JSON array of listings as the API takes them, each with its <c>externalId</c>; "line" is the entry's number.</summary>
    private async Task<(List<CheckedRow>, IReadOnlyList<string>, IReadOnlyList<string>)> CheckJsonAsync(Stream body, CancellationToken ct)
    {
        if (await BoundedRead.AllAsync(body, CsvListings.MaxBytes, ct) is not { } bytes)
            return ([], [$"Höchstens {CsvListings.MaxBytes / 1024 / 1024} MB je Datei. / At most {CsvListings.MaxBytes / 1024 / 1024} MB per file."], []);
        JsonElement document;
        try { document = JsonSerializer.Deserialize<JsonElement>(bytes); }
        catch (JsonException) { return ([], ["Die Datei ist kein gültiges JSON. / The file is not valid JSON."], []); }
        if (document.ValueKind != JsonValueKind.Array) return ([], ["Erwartet wird ein JSON-Array von Gruppen. / Expected a JSON array of groups."], []);
        if (document.GetArrayLength() > CsvListings.MaxRows) return ([], [$"Höchstens {CsvListings.MaxRows} Einträge. / At most {CsvListings.MaxRows} entries."], []);

        var rows = new List<CheckedRow>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var line = 0;
        foreach (var entry in document.EnumerateArray())
        {
            line++;
            var errors = new List<string>();
            var externalId = entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("externalId", out var e) && e.ValueKind == JsonValueKind.String
                ? e.GetString()!.Trim() : null;
            if (externalId is not { Length: > 0 and <= CsvListings.MaxExternalIdLength })
                errors.Add($"externalId: Pflichtfeld, höchstens {CsvListings.MaxExternalIdLength} Zeichen. / externalId: required, at most {CsvListings.MaxExternalIdLength} characters.");
            else if (!seen.Add(externalId))
                errors.Add("externalId: kommt in der Datei mehrfach vor. / externalId: appears more than once in the file.");
            ListingRequest? request = null;
            try { request = entry.Deserialize<ListingRequest>(Json); }
            catch (JsonException) { errors.Add("Eintrag: Felder mit falschem Typ. / Entry: fields of the wrong type."); }
            ListingContent? content = null;
            if (request is not null)
            {
                foreach (var (field, messages) in ListingRules.Validate(request, taxonomy, out content))
                    errors.AddRange(messages.Select(m => $"{field}: {m}"));
            }
            rows.Add(new CheckedRow(line, externalId, errors, errors.Count == 0 ? content : null));
        }
        return (rows, [], []);
    }
}
