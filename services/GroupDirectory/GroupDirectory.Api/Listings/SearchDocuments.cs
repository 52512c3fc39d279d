using System.Collections.Concurrent;
using Npgsql;
using NpgsqlTypes;
using Selbsthilfe.GroupDirectory.Api.Taxonomy;

namespace Selbsthilfe.GroupDirectory.Api.Listings;

/// <summary>A listing's three search documents; null for a level whose text is the same as the level below it.</summary>
public sealed record ListingDocuments(NpgsqlTsVector Public, NpgsqlTsVector? Network, NpgsqlTsVector? Office);

/// <summary>
/// Builds the search documents of listing contents in PostgreSQL (its German stemmer and unaccent, through
/// <c>listing_doc</c>), keyed by the content instance. They depend on nothing but the content, so an import builds a
/// page's documents on a connection of its own while the page before it is written, not inside the write.
/// </summary>
public sealed class SearchDocuments
{
    /// <summary>
    /// The analysed topics' part of documents (<c>listing_topics_doc</c>) by its text: the same for every listing with the
    /// same topics, and most of a listing's text. It depends on the text alone (and the <c>german_folded</c>
    /// configuration, which migrations fix), so one process keeps it for all its databases; bounded, as combinations of
    /// topics could be many.
    /// </summary>
    private static readonly ConcurrentDictionary<string, NpgsqlTsVector> TopicDocuments = new(StringComparer.Ordinal);
    private const int MaxTopicDocuments = 20_000;

    private readonly Dictionary<ListingContent, ListingDocuments> _documents = new(ReferenceEqualityComparer.Instance);

    public ListingDocuments? For(ListingContent content) => _documents.GetValueOrDefault(content);

    /// <summary>
    /// One statement for all <paramref name="contents"/> (two when some topics' text was not analysed before). A level
    /// whose text is the same as the level below it is sent as NULL and takes that document, so a listing with no hidden
    /// fields is analysed once, not three times. Topics are shown at every level, so their part is the same in all three.
    /// </summary>
    public static async Task<SearchDocuments> BuildAsync(Func<string, NpgsqlCommand> command, IReadOnlyCollection<ListingContent> contents,
        TopicTaxonomy taxonomy, CancellationToken ct)
    {
        var built = new SearchDocuments();
        var distinct = contents.Distinct(ReferenceEqualityComparer.Instance).Cast<ListingContent>().ToList();
        if (distinct.Count == 0) return built;
        var texts = new string?[9][];
        for (var t = 0; t < texts.Length; t++) texts[t] = new string?[distinct.Count];
        var topics = new string[distinct.Count];
        for (var i = 0; i < distinct.Count; i++)
        {
            (string, string, string, string)? below = null;
            for (var rank = 0; rank <= 2; rank++)
            {
                var level = ListingProjection.SearchText(distinct[i], rank, taxonomy);
                var same = below == level;
                below = level;
                var (name, topicText, place, text) = level;
                topics[i] = topicText;
                string?[] values = [name, place, text];
                for (var part = 0; part < 3; part++) texts[rank * 3 + part][i] = same ? null : values[part];
            }
        }
        var topicDocuments = await TopicDocumentsAsync(command, topics, ct);
        await using var select = command("""
            SELECT listing_doc(p1, t, p2, p3),
                CASE WHEN n1 IS NOT NULL THEN listing_doc(n1, t, n2, n3) END,
                CASE WHEN o1 IS NOT NULL THEN listing_doc(o1, t, o2, o3) END
            FROM unnest($1::tsvector[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                $10::text[]) WITH ORDINALITY AS r (t, p1, p2, p3, n1, n2, n3, o1, o2, o3, i)
            ORDER BY i
            """);
        select.Parameters.Add(new NpgsqlParameter<NpgsqlTsVector[]> { TypedValue = topics.Select(t => topicDocuments[t]).ToArray() });
        foreach (var column in texts) select.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = column });
        await using var reader = await select.ExecuteReaderAsync(ct);
        var index = 0;
        while (await reader.ReadAsync(ct))
        {
            built._documents[distinct[index++]] = new ListingDocuments(reader.GetFieldValue<NpgsqlTsVector>(0),
                reader.IsDBNull(1) ? null : reader.GetFieldValue<NpgsqlTsVector>(1), reader.IsDBNull(2) ? null : reader.GetFieldValue<NpgsqlTsVector>(2));
        }
        return built;
    }

    /// <summary>The analysed topics' part for each text, from <see cref="TopicDocuments"/> or, for those not there yet, PostgreSQL.</summary>
    private static async Task<Dictionary<string, NpgsqlTsVector>> TopicDocumentsAsync(Func<string, NpgsqlCommand> command, string[] topics,
        CancellationToken ct)
    {
        var found = new Dictionary<string, NpgsqlTsVector>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var text in topics.Distinct(StringComparer.Ordinal))
        {
            if (TopicDocuments.TryGetValue(text, out var document)) found[text] = document;
            else missing.Add(text);
        }
        if (missing.Count == 0) return found;
        await using var select = command("SELECT listing_topics_doc(t) FROM unnest($1::text[]) WITH ORDINALITY AS u (t, i) ORDER BY i");
        select.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = missing.ToArray() });
        await using var reader = await select.ExecuteReaderAsync(ct);
        var index = 0;
        while (await reader.ReadAsync(ct))
        {
            var text = missing[index++];
            found[text] = reader.GetFieldValue<NpgsqlTsVector>(0);
            if (TopicDocuments.Count < MaxTopicDocuments) TopicDocuments.TryAdd(text, found[text]);
        }
        return found;
    }
}
