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
/// The finder. PostgreSQL matches the text: German full text (stemming and umlaut folding in the <c>german_folded</c>
/// configuration) over the document the viewer may see, topic names through the taxonomy, and mistyped words through
/// the trigram word list (<c>search_terms</c>). Filters, distance, facets, order and paging run in the in-memory
/// <see cref="SearchIndex"/>. Paging is by keyset (the last item's sort key and id), so inserts and updates between
/// pages neither repeat nor skip a listing that was there before.
/// </summary>
public sealed class ListingSearch(NpgsqlDataSource db, ListingStore store, SearchIndex index, TopicTaxonomy taxonomy, TimeProvider clock)
{
    public const int MaxLimit = 100;

    /// <summary>How alike a word of the word list must be to a word of the query to stand in for it (pg_trgm similarity).</summary>
    private const double TypoSimilarity = 0.4;

    /// <returns>Null when the postcode is unknown (no place with it or its area is listed).</returns>
    public async Task<(double Latitude, double Longitude)?> LocatePostcodeAsync(string postcode, CancellationToken ct)
    {
        await index.CatchUpAsync(ct);
        return index.LocatePostcode(postcode);
    }

    public async Task<SearchPage> SearchAsync(SearchQuery query, Viewer viewer, (double Lat, double Lon)? centre, CancellationToken ct)
    {
        var limit = Math.Clamp(query.Limit, 1, MaxLimit);
        TextMatch? text = null;
        IReadOnlyDictionary<Guid, double>? scores = null;
        // A text of nothing but words that say "a group" and stop words ("Selbsthilfegruppe in der Nähe") asks for any group.
        var parsed = string.IsNullOrWhiteSpace(query.Text) ? null : await ParseTextAsync(query.Text.Trim(), ct);
        if (string.IsNullOrWhiteSpace(query.Text)) await index.CatchUpAsync(ct); // parsing a text catches up too
        else if (parsed is not null)
        {
            if (parsed.Query.InMemory && parsed.Terms.All(t => t.Words?.InMemory != false)) text = parsed;
            else scores = await MatchTextAsync(parsed, viewer, ct);
        }
        var sort = query.Sort ?? (parsed is not null ? "relevance" : centre is not null ? "distance" : "name");
        if (sort == "distance" && centre is null) sort = "name";
        var (hits, facets) = index.Search(new IndexQuery
        {
            Viewer = viewer, Filters = query, Topics = query.Topics.SelectMany(taxonomy.WithDescendants).Distinct().ToArray(),
            Text = text, TextScores = scores, Centre = centre,
            Sort = sort, After = Decode(query.Cursor), Take = limit + 1, Facets = query.Facets && query.Cursor is null,
        });
        var page = hits.Take(limit).ToList();
        string? next = null;
        if (hits.Count > limit)
        {
            var last = page[^1];
            next = Encode(sort switch
            {
                "relevance" => new SearchCursor(sort, last.Score, null, last.Id),
                "distance" => new SearchCursor(sort, last.DistanceKm, null, last.Id),
                _ => new SearchCursor(sort, null, last.SortName, last.Id),
            });
        }
        return new SearchPage(await LoadAsync(page.Select(r => (r.Id, r.DistanceKm)).ToList(), viewer, ct), next, facets);
    }

    /// <summary>
    /// The text as queries, in the round trip that also brings the index up to date: PostgreSQL parses and stems it
    /// (German, umlauts folded; "aengste" is also tried as "ängste"), and each word that no listing uses is widened to
    /// the listed words most like it by trigrams in <c>search_terms</c> ("Depresion" → depresion | depression). The text
    /// names topics through the taxonomy. The index evaluates the result unless it has phrases (then
    /// <see cref="MatchTextAsync"/> does).
    /// </summary>
    private async Task<TextMatch?> ParseTextAsync(string text, CancellationToken ct)
    {
        // Phrases, exclusions and "or" (websearch syntax) keep their meaning only in the exact query: no widening.
        var plain = !(text.Contains('"') || text.StartsWith('-') || text.Contains(" -", StringComparison.Ordinal)
            || text.Contains(" or ", StringComparison.OrdinalIgnoreCase));
        // Words that only say that a group is sought ("Selbsthilfegruppe Trauer", "Trauergruppe") are dropped.
        if (plain && SearchTerms.Specific(text, taxonomy) is { } specific) text = specific;
        var umlauts = UmlautsTyped(text);
        // A topic that words of the text name stands in for those words only: "Depression Berlin" is a group on depression
        // (by its topic, whatever its text says) in Berlin, not every group on depression. A word excluded names nothing.
        var named = taxonomy.Named(plain ? text : string.Join(' ', SearchTerms.Tokens(text).Where(t => !t.StartsWith('-'))));
        // Phrases and exclusions keep their meaning: the words are not taken apart, a named topic alone is a match, and a
        // word excluded ("Sucht -Alkohol") excludes a listing also when it matches by a topic.
        List<(IReadOnlyList<string> Codes, List<string> Texts)> plans = plain ? PlanTerms(SearchTerms.Tokens(text), named)
            : named.Count == 0 ? []
            : [(named.SelectMany(n => n.Codes).Distinct().ToArray(), [""]),
               .. SearchTerms.Tokens(text).Where(t => t.Length > 1 && t[0] == '-' && !t.Contains('"')).Select(t => ((IReadOnlyList<string>)[], new List<string> { t }))];
        var termTexts = plans.SelectMany(p => p.Texts).ToArray();
        // Words are letters only (SearchTerms.Words), so they are safe as to_tsquery operands.
        var words = plain ? SearchTerms.Words(text).Distinct().ToArray() : [];
        await using var batch = db.CreateBatch();
        batch.BatchCommands.Add(index.CatchUpCommand());
        var command = new NpgsqlBatchCommand("""
            WITH w AS (SELECT * FROM unnest($3::text[], $4::text[], $8::int[]) WITH ORDINALITY AS w(word, folded, term, i)),
                 near AS (
                     SELECT w.i, array_agg(t.word ORDER BY t.rank) AS words
                     FROM w CROSS JOIN LATERAL (
                         SELECT s.word, row_number() OVER (ORDER BY similarity(s.folded, w.folded) DESC, s.folded) AS rank
                         FROM search_terms s
                         WHERE NOT EXISTS (SELECT 1 FROM search_terms k WHERE k.folded = w.folded)
                           AND s.folded % w.folded AND similarity(s.folded, w.folded) >= $5
                         ORDER BY similarity(s.folded, w.folded) DESC, s.folded
                         LIMIT 3) t
                     GROUP BY w.i),
                 alternatives AS (
                     SELECT w.i, w.term, near.i IS NOT NULL AS widened,
                            '(' || array_to_string(ARRAY(SELECT DISTINCT x FROM unnest(w.word || coalesce(near.words, '{}')) x), ' | ') || ')' AS words
                     FROM w LEFT JOIN near USING (i)),
                 widened AS (
                     SELECT string_agg(words, ' & ' ORDER BY i) AS query FROM alternatives HAVING bool_or(widened)),
                 term_widened AS (
                     SELECT term, string_agg(words, ' & ' ORDER BY i) AS query FROM alternatives
                     WHERE term > 0 GROUP BY term HAVING bool_or(widened))
            SELECT websearch_to_tsquery('german_folded', $1)::text,
                   CASE WHEN $2::text IS NOT NULL THEN websearch_to_tsquery('german_folded', $2)::text END,
                   (SELECT to_tsquery('german_folded', query)::text FROM widened),
                   ARRAY(SELECT CASE WHEN term <> '' THEN websearch_to_tsquery('german_folded', term)::text END
                         FROM unnest($6::text[]) WITH ORDINALITY AS t(term, i) ORDER BY i),
                   ARRAY(SELECT CASE WHEN term IS NOT NULL THEN websearch_to_tsquery('german_folded', term)::text END
                         FROM unnest($7::text[]) WITH ORDINALITY AS t(term, i) ORDER BY i),
                   ARRAY(SELECT (SELECT to_tsquery('german_folded', query)::text FROM term_widened tw WHERE tw.term = t.i)
                         FROM generate_series(1, cardinality($6::text[])) AS t(i) ORDER BY t.i)
            """);
        command.Parameters.AddWithValue(text);
        command.Parameters.AddWithValue(NpgsqlDbType.Text, umlauts != text ? umlauts : DBNull.Value);
        command.Parameters.AddWithValue(words);
        command.Parameters.AddWithValue(words.Select(TopicTaxonomy.Normalize).ToArray());
        command.Parameters.AddWithValue(TypoSimilarity);
        command.Parameters.AddWithValue(termTexts);
        command.Parameters.AddWithValue(termTexts.Select(t => UmlautsTyped(t) is var u && u != t ? u : null).ToArray());
        // Each word's term (1-based; 0: none), so that each term is widened for typos by its own words.
        var termWords = termTexts.Select(t => SearchTerms.Words(t).ToHashSet()).ToArray();
        command.Parameters.AddWithValue(words.Select(w => Array.FindIndex(termWords, t => t.Contains(w)) + 1).ToArray());
        batch.BatchCommands.Add(command);
        await using var reader = await batch.ExecuteReaderAsync(ct);
        var changes = await ListingChanges.ReadRowsAsync(reader, ct);
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        var exact = TextQuery.Parse(reader.GetString(0));
        if (!reader.IsDBNull(1)) exact = exact.Either(TextQuery.Parse(reader.GetString(1)));
        var widened = reader.IsDBNull(2) ? null : exact.Either(TextQuery.Parse(reader.GetString(2)));
        var termQueries = reader.GetFieldValue<string?[]>(3);
        var termUmlauts = reader.GetFieldValue<string?[]>(4);
        var termWidened = reader.GetFieldValue<string?[]>(5);
        await reader.DisposeAsync(); // the connection goes back to the pool before a long catch-up may need one
        await index.ApplyAsync(changes, ct);
        var terms = new List<MatchTerm>();
        var at = 0;
        foreach (var (codes, texts) in plans)
        {
            TextQuery? said = null;
            foreach (var _ in texts)
            {
                if (Said(at++) is { } either) said = said is null ? either : said.Either(either);
            }
            if (codes.Count > 0 || said is not null) terms.Add(new MatchTerm(codes, WithDescendants(codes), said));
        }
        if (exact.Root is null && terms.Count == 0) return null; // nothing to search for
        return widened is null ? new TextMatch(exact, null, terms) : new TextMatch(widened, exact, terms);

        IReadOnlyList<string> WithDescendants(IEnumerable<string> codes) => codes.SelectMany(taxonomy.WithDescendants).Distinct().ToArray();

        // One text of a term as a query: as typed, with umlauts typed as "ae", "oe", "ue", and widened for typos; null when
        // it is only stop words ("bei", "für", also typed "fuer").
        TextQuery? Said(int i)
        {
            if (termQueries[i] is not { } typed || TextQuery.Parse(typed) is not { Root: not null } said) return null;
            if (termUmlauts[i] is { } u)
            {
                if (TextQuery.Parse(u) is not { Root: not null } withUmlauts) return null;
                said = said.Either(withUmlauts);
            }
            return termWidened[i] is { } typos ? said.Either(TextQuery.Parse(typos)) : said;
        }
    }

    /// <summary>
    /// The terms of a plain query (see <see cref="TextMatch"/>), each with the topics it names and the texts that say it
    /// (either of them): one per named topic, one per run of words joined by "oder" ("Angst oder Depression", "Babelsberg
    /// oder Potsdam": either), and one for the words that named nothing. A word joined by "-" or "/" is its parts
    /// ("Angst/Panik"). None when the query names no topic and has no "oder": its words are all, as typed.
    /// </summary>
    private static List<(IReadOnlyList<string> Codes, List<string> Texts)> PlanTerms(string[] tokens, IReadOnlyList<NamedTopics> named)
    {
        // "oder" at either end, or after another "oder", joins nothing and is a stop word.
        var slots = new List<List<string>>();
        for (var i = 0; i < tokens.Length; i++)
        {
            if (!IsOder(tokens[i])) slots.Add([tokens[i]]);
            else if (slots.Count > 0 && i + 1 < tokens.Length && !IsOder(tokens[i + 1])) slots[^1].Add(tokens[++i]);
        }
        if (named.Count == 0 && slots.All(s => s.Count == 1)) return [];

        var plans = new List<(IReadOnlyList<string> Codes, List<string> Texts)>();
        var saying = named.Select(_ => new List<string>()).ToArray();
        var joined = new HashSet<int>(); // named topics inside a run joined by "oder": that run's term stands for them
        var rest = new List<string>();
        foreach (var part in slots.Where(s => s.Count == 1).SelectMany(s => Parts(s[0])))
        {
            if (Naming(part) is var n and >= 0) saying[n].Add(part);
            else if (!SearchTerms.IsGeneric(part)) rest.Add(part);
        }
        foreach (var slot in slots.Where(s => s.Count > 1))
        {
            // A topic's name around "oder" is one alternative: "ADHS Erwachsene oder Frauengruppe".
            var codes = new List<string>();
            var texts = new List<string>();
            foreach (var alternative in slot)
            {
                var words = new List<string>();
                foreach (var part in Parts(alternative))
                {
                    var n = Naming(part);
                    if (n >= 0 && joined.Add(n)) codes.AddRange(named[n].Codes);
                    if (n >= 0) words.AddRange(saying[n]);
                    words.Add(part);
                }
                texts.Add(string.Join(' ', words));
            }
            plans.Add((codes.Distinct().ToArray(), texts));
        }
        for (var n = 0; n < named.Count; n++)
            if (!joined.Contains(n)) plans.Add((named[n].Codes, [string.Join(' ', saying[n])]));
        if (rest.Count > 0) plans.Add(([], [string.Join(' ', rest)]));
        return plans;

        // The named topic whose words a part is, or -1.
        int Naming(string part)
        {
            var words = Folded(part);
            for (var n = 0; n < named.Count && words.Length > 0; n++)
                if (words.All(named[n].Words.Contains)) return n;
            return -1;
        }
    }

    private static string[] Parts(string token) => token.Split(['-', '/'], StringSplitOptions.RemoveEmptyEntries);

    private static bool IsOder(string token) => token.Equals("oder", StringComparison.OrdinalIgnoreCase);

    /// <summary>A word of a query as typed, folded into the words of a topic name ("Long-Covid" → long, covid).</summary>
    private static string[] Folded(string token) => TopicTaxonomy.Normalize(token).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The text with "ae", "oe", "ue" read as umlauts, for a keyboard without them ("aengste").</summary>
    private static string UmlautsTyped(string text) =>
        text.Replace("ae", "ä", StringComparison.OrdinalIgnoreCase).Replace("oe", "ö", StringComparison.OrdinalIgnoreCase)
            .Replace("ue", "ü", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The published listings the text matches in what the viewer may see, with their relevance, matched by
    /// PostgreSQL: for queries the index does not evaluate (phrases). Same rules as <see cref="TextMatch"/>. PostgreSQL
    /// checks only the candidates the index names (<see cref="SearchIndex.Candidates"/>: those with all of a phrase's
    /// words, or a named topic), by primary key; there is no full-text index to keep up on every write.
    /// </summary>
    private async Task<Dictionary<Guid, double>> MatchTextAsync(TextMatch text, Viewer viewer, CancellationToken ct)
    {
        var scores = new Dictionary<Guid, double>();
        var candidates = index.Candidates(text, viewer);
        if (candidates.Length == 0) return scores;
        await using var command = db.CreateCommand();
        string P(object value)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
            return "$" + command.Parameters.Count;
        }
        var ts = P(text.Query.Text);
        var exact = text.Exact is { } e ? P(e.Text) : "NULL";
        var ids = P(candidates);
        var office = viewer.OfficeId is { } own ? P(own) : "NULL::text";
        // The document a viewer may search: a hidden field must not make a listing match. A level stored as NULL is the
        // same as the level below it.
        var doc = viewer.Rank == 0
            ? "l.doc_public"
            : $"(CASE WHEN l.office_id = {office} THEN coalesce(l.doc_office, l.doc_network, l.doc_public) ELSE coalesce(l.doc_network, l.doc_public) END)";
        var terms = text.Terms.Count == 0 ? "false" : string.Join(" AND ", text.Terms.Select(term =>
            "(" + string.Join(" OR ", new[]
            {
                term.Topics.Count > 0 ? $"l.topics && {P(term.Topics.ToArray())}::text[]" : null,
                term.Words is { } words ? $"{doc} @@ {P(words.Text)}::tsquery" : null,
            }.OfType<string>()) + ")"));
        var named = text.NamedTopics.Count == 0 ? "false" : $"l.topics && {P(text.NamedTopics.ToArray())}::text[]";
        var itself = text.NamedItself.Count == 0 ? "false" : $"l.topics && {P(text.NamedItself.ToArray())}::text[]";
        command.CommandText = $"""
            SELECT id, ts_rank_cd(doc, ts)::float8
                       + CASE WHEN terms AND named THEN 1 ELSE 0 END
                       + CASE WHEN terms AND itself THEN 1 ELSE 0 END
                       + CASE WHEN exact IS NOT NULL AND doc @@ exact THEN 0.5 ELSE 0 END
            FROM (SELECT l.id, {doc} AS doc, {ts}::tsquery AS ts, {exact}::tsquery AS exact, {terms} AS terms, {named} AS named,
                         {itself} AS itself
                  FROM listings l
                  WHERE l.id = ANY ({ids}) AND l.status = 'published' AND (l.visibility_rank <= {viewer.Rank} OR l.office_id = {office})) c
            WHERE doc @@ ts OR terms
            """;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) scores[reader.GetGuid(0)] = reader.GetDouble(1);
        return scores;
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
            var decoded = JsonSerializer.Deserialize<SearchCursor>(Encoding.UTF8.GetString(Convert.FromBase64String(base64)))
                ?? throw new FormatException("Empty cursor.");
            // Well-formed JSON is not yet a cursor: one this API wrote names its sort and the last listing.
            if (decoded.Sort is not ("relevance" or "distance" or "name") || decoded.Id == Guid.Empty)
            {
                throw new FormatException("Not a cursor of this API.");
            }
            return decoded;
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            throw new FormatException("Not a cursor of this API.", e);
        }
    }
}
