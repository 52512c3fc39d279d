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
    private readonly Dictionary<ListingContent, ListingDocuments> _documents = new(ReferenceEqualityComparer.Instance);

    public ListingDocuments? For(ListingContent content) => _documents.GetValueOrDefault(content);

    /// <summary>
    /// One statement for all <paramref name="contents"/>. A level whose text is the same as the level below it is sent
    /// as NULL and takes that document, so a listing with no hidden fields is analysed once, not three times.
    /// </summary>
    public static async Task<SearchDocuments> BuildAsync(Func<string, NpgsqlCommand> command, IReadOnlyCollection<ListingContent> contents,
        TopicTaxonomy taxonomy, CancellationToken ct)
    {
        var built = new SearchDocuments();
        var distinct = contents.Distinct(ReferenceEqualityComparer.Instance).Cast<ListingContent>().ToList();
        if (distinct.Count == 0) return built;
        var texts = new string?[12][];
        for (var t = 0; t < texts.Length; t++) texts[t] = new string?[distinct.Count];
        for (var i = 0; i < distinct.Count; i++)
        {
            (string, string, string, string)? below = null;
            for (var rank = 0; rank <= 2; rank++)
            {
                var level = ListingProjection.SearchText(distinct[i], rank, taxonomy);
                var same = below == level;
                below = level;
                var (name, topics, place, text) = level;
                string?[] values = [name, topics, place, text];
                for (var part = 0; part < 4; part++) texts[rank * 4 + part][i] = same ? null : values[part];
            }
        }
        await using var select = command("""
            SELECT listing_doc(p1, p2, p3, p4),
                CASE WHEN n1 IS NOT NULL THEN listing_doc(n1, n2, n3, n4) END,
                CASE WHEN o1 IS NOT NULL THEN listing_doc(o1, o2, o3, o4) END
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                $9::text[], $10::text[], $11::text[], $12::text[]) WITH ORDINALITY AS r (p1, p2, p3, p4, n1, n2, n3, n4, o1, o2, o3, o4, i)
            ORDER BY i
            """);
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
}
