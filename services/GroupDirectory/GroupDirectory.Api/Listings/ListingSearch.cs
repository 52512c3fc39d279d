using System.Globalization;
using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Selbsthilfe.GroupDirectory.Api.Taxonomy;

namespace Selbsthilfe.GroupDirectory.Api.Listings;

public sealed record SearchQuery
{
    public string? Text { get; init; }
    public IReadOnlyList<string> Topics { get; init; } = [];
    public string? Audience { get; init; }
    public string? Setting { get; init; }
    public string? Language { get; init; }
    public IReadOnlyList<string> Accessibility { get; init; } = [];
    public bool? OpenForNewMembers { get; init; }
    public string? Office { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public string? Postcode { get; init; }
    public double? RadiusKm { get; init; }
    public string? Sort { get; init; }
    public string? Cursor { get; init; }
    public int Limit { get; init; } = 20;
    public bool Facets { get; init; } = true;
}

public sealed record SearchFacets(int Total, IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Counts);

/// <summary>Where a page ended: the sort, the last item's sort key and its id (opaque to clients).</summary>
public sealed record SearchCursor(string Sort, double? Number, string? Text, Guid Id);

public sealed record SearchPage(IReadOnlyList<ListingView> Items, string? NextCursor, SearchFacets? Facets);

/// <summary>
/// The finder: German full text (stemming and umlaut folding in the <c>german_folded</c> configuration), topic names
/// and typos through the taxonomy, trigram similarity on names, filters, distance (earthdistance) and facets.
/// Paging is by keyset — the last item's sort key and id — so inserts and updates between pages neither repeat nor
/// skip a listing that was there before.
/// </summary>
public sealed class ListingSearch(NpgsqlDataSource db, ListingStore store, TopicTaxonomy taxonomy, TimeProvider clock)
{
    public const int MaxLimit = 100;


    /// <returns>Null when the postcode is unknown (no place with it or its area is listed).</returns>
    public async Task<(double Latitude, double Longitude)?> LocatePostcodeAsync(string postcode, CancellationToken ct)
    {
        // The centre of the places listed under the postcode, or under its area (longest known prefix).
        for (var length = postcode.Length; length >= 2; length--)
        {
            await using var command = db.CreateCommand("""
                SELECT avg(latitude), avg(longitude) FROM listings
                WHERE status = 'published' AND latitude IS NOT NULL AND postcode LIKE $1 || '%'
                """);
            command.Parameters.AddWithValue(postcode[..length]);
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct) && !reader.IsDBNull(0)) return (reader.GetDouble(0), reader.GetDouble(1));
        }
        return null;
    }

    public static string DefaultSort(SearchQuery query, bool hasCentre) =>
        query.Sort ?? (!string.IsNullOrWhiteSpace(query.Text) ? "relevance" : hasCentre ? "distance" : "name");

    public async Task<SearchPage> SearchAsync(SearchQuery query, Viewer viewer, (double Lat, double Lon)? centre, CancellationToken ct)
    {
        var sort = DefaultSort(query, centre is not null);
        if (sort == "distance" && centre is null) sort = "name";
        var limit = Math.Clamp(query.Limit, 1, MaxLimit);
        var parameters = new List<NpgsqlParameter>();
        string P(object value, NpgsqlDbType? type = null)
        {
            var parameter = type is { } t ? new NpgsqlParameter { Value = value, NpgsqlDbType = t } : new NpgsqlParameter { Value = value };
            parameters.Add(parameter);
            return "$" + parameters.Count;
        }

        var where = new List<string> { "l.status = 'published'" };
        var office = viewer.OfficeId is null ? "NULL::text" : P(viewer.OfficeId);
        where.Add($"(l.visibility_rank <= {viewer.Rank} OR l.office_id = {office})");
        // The document a viewer may search: a hidden field must not make a listing match.
        var doc = viewer.Rank == 0 ? "l.doc_public" : $"(CASE WHEN l.office_id = {office} THEN l.doc_office ELSE l.doc_network END)";

        var score = "0::float8";
        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            var text = query.Text.Trim();
            var tsQuery = $"websearch_to_tsquery('german_folded', {P(text)})";
            // "aengste" typed for "ängste": also search the umlaut spelling (only adds matches, never removes one).
            var umlauts = text.Replace("ae", "ä", StringComparison.OrdinalIgnoreCase).Replace("oe", "ö", StringComparison.OrdinalIgnoreCase)
                .Replace("ue", "ü", StringComparison.OrdinalIgnoreCase);
            if (umlauts != text) tsQuery = $"({tsQuery} || websearch_to_tsquery('german_folded', {P(umlauts)}))";
            var folded = P(TopicTaxonomy.Normalize(text));
            var named = taxonomy.Match(text).SelectMany(taxonomy.WithDescendants).Distinct().ToArray();
            var topics = P(named, NpgsqlDbType.Array | NpgsqlDbType.Text);
            var docMatch = viewer.Rank == 0
                ? $"l.doc_public @@ {tsQuery}"
                : $"((l.office_id = {office} AND l.doc_office @@ {tsQuery}) OR (l.office_id IS DISTINCT FROM {office} AND l.doc_network @@ {tsQuery}))";
            where.Add($"({docMatch} OR l.topics && {topics} OR {folded} <% l.fuzzy_text)");
            score = $"(ts_rank_cd({doc}, {tsQuery})::float8 + CASE WHEN l.topics && {topics} THEN 1 ELSE 0 END + word_similarity({folded}, l.fuzzy_text)::float8)";
        }
        if (query.Topics.Count > 0)
            where.Add($"l.topics && {P(query.Topics.SelectMany(taxonomy.WithDescendants).Distinct().ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text)}");
        if (query.Audience is { } audience)
            where.Add(audience == "both" ? "l.audience = 'both'" : $"l.audience IN ({P(audience)}, 'both')");
        if (query.Setting is { } setting) where.Add($"l.setting = {P(setting)}");
        if (query.Language is { } language) where.Add($"{P(language.ToLowerInvariant())} = ANY (l.languages)");
        if (query.Accessibility.Count > 0) where.Add($"l.accessibility @> {P(query.Accessibility.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text)}");
        if (query.OpenForNewMembers is { } open) where.Add(open ? "l.openness = 'open'" : "l.openness <> 'open'");
        if (query.Office is { } byOffice) where.Add($"l.office_id = {P(byOffice)}");

        var distance = "NULL::float8";
        if (centre is { } c)
        {
            var origin = $"ll_to_earth({P(c.Lat)}, {P(c.Lon)})";
            distance = $"(earth_distance({origin}, ll_to_earth(l.latitude, l.longitude)) / 1000.0)";
            if (query.RadiusKm is { } radius)
            {
                where.Add($"l.latitude IS NOT NULL AND earth_box({origin}, {P(radius * 1000)}) @> ll_to_earth(l.latitude, l.longitude)");
                where.Add($"{distance} <= {P(radius)}");
            }
        }

        var matches = $"""
            SELECT l.id, l.name, l.office_id, l.topics, l.audience, l.setting, l.languages, l.openness, l.accessibility,
                   {score} AS score, {distance} AS distance_km, lower(l.name) AS sort_name
            FROM listings l WHERE {string.Join(" AND ", where)}
            """;
        var facets = query.Facets && query.Cursor is null ? await FacetsAsync(matches, parameters, ct) : null;

        var (order, keyset) = sort switch
        {
            "relevance" => ("score DESC, id", "(score < {0} OR (score = {0} AND id > {1}))"),
            "distance" => ("distance_km, id", "(distance_km > {0} OR (distance_km = {0} AND id > {1}))"),
            _ => ("sort_name, id", "(sort_name > {0} OR (sort_name = {0} AND id > {1}))"),
        };
        var pageFilter = "";
        if (Decode(query.Cursor) is { } cursor && cursor.Sort == sort)
        {
            object key = sort == "name" ? cursor.Text ?? "" : cursor.Number ?? 0d;
            pageFilter = "WHERE " + string.Format(CultureInfo.InvariantCulture, keyset, P(key), P(cursor.Id));
        }
        await using var command = db.CreateCommand($"SELECT id, score, distance_km, sort_name FROM ({matches}) m {pageFilter} ORDER BY {order} LIMIT {limit + 1}");
        command.Parameters.AddRange(parameters.Select(p => p.Clone()).ToArray());
        var rows = new List<(Guid Id, double Score, double? Distance, string SortName)>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
                rows.Add((reader.GetGuid(0), reader.GetDouble(1), reader.IsDBNull(2) ? null : reader.GetDouble(2), reader.GetString(3)));
        }
        var page = rows.Take(limit).ToList();
        string? next = null;
        if (rows.Count > limit)
        {
            var last = page[^1];
            next = Encode(sort switch
            {
                "relevance" => new SearchCursor(sort, last.Score, null, last.Id),
                "distance" => new SearchCursor(sort, last.Distance, null, last.Id),
                _ => new SearchCursor(sort, null, last.SortName, last.Id),
            });
        }
        return new SearchPage(await LoadAsync(page.Select(r => (r.Id, r.Distance)).ToList(), viewer, ct), next, facets);
    }

    private async Task<IReadOnlyList<ListingView>> LoadAsync(List<(Guid Id, double? Distance)> page, Viewer viewer, CancellationToken ct)
    {
        if (page.Count == 0) return [];
        var byId = (await store.GetManyAsync(page.Select(p => p.Id).ToList(), ct)).ToDictionary(l => l.Id);
        var now = clock.GetUtcNow();
        return page.Where(p => byId.ContainsKey(p.Id))
            .Select(p => ListingProjection.Project(byId[p.Id], viewer, taxonomy, now, p.Distance is { } d ? Math.Round(d, 1) : null))
            .OfType<ListingView>().ToList();
    }

    private async Task<SearchFacets> FacetsAsync(string matches, List<NpgsqlParameter> parameters, CancellationToken ct)
    {
        await using var command = db.CreateCommand($"""
            WITH m AS MATERIALIZED ({matches})
            SELECT 'total', '', count(*) FROM m
            UNION ALL SELECT 'topic', t, count(*) FROM m, unnest(m.topics) t GROUP BY t
            UNION ALL SELECT 'audience', audience, count(*) FROM m GROUP BY audience
            UNION ALL SELECT 'setting', setting, count(*) FROM m GROUP BY setting
            UNION ALL SELECT 'language', lang, count(*) FROM m, unnest(m.languages) lang GROUP BY lang
            UNION ALL SELECT 'openness', openness, count(*) FROM m GROUP BY openness
            UNION ALL SELECT 'accessibility', a, count(*) FROM m, unnest(m.accessibility) a GROUP BY a
            UNION ALL SELECT 'office', office_id, count(*) FROM m GROUP BY office_id
            """);
        command.Parameters.AddRange(parameters.Select(p => p.Clone()).ToArray());
        var counts = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        var total = 0;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var (facet, value, count) = (reader.GetString(0), reader.GetString(1), (int)reader.GetInt64(2));
            if (facet == "total") { total = count; continue; }
            if (!counts.TryGetValue(facet, out var values)) counts[facet] = values = new(StringComparer.Ordinal);
            values[value] = count;
        }
        return new SearchFacets(total, counts.ToDictionary(c => c.Key, c => (IReadOnlyDictionary<string, int>)c.Value));
    }

    private static string Encode(SearchCursor cursor) =>
        Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(cursor)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Null for no cursor; throws <see cref="FormatException"/> for one that was not ours.</summary>
    public static SearchCursor? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor)) return null;
        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            base64 += new string('=', (4 - base64.Length % 4) % 4);
            return JsonSerializer.Deserialize<SearchCursor>(Encoding.UTF8.GetString(Convert.FromBase64String(base64)))
                ?? throw new FormatException("Empty cursor.");
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            throw new FormatException("Not a cursor of this API.", e);
        }
    }
}
