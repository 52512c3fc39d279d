using System.Text.Json;
using Npgsql;
using Selbsthilfe.GroupDirectory.Api.Taxonomy;
using Selbsthilfe.Messaging.Outbox;

namespace Selbsthilfe.GroupDirectory.Api.Listings;

/// <summary>
/// Writes listing rows, one or a whole feed page, in one statement: every column as an array parameter, unnested in
/// the database, and the three search documents built there. A local edit and a page of 1,000 imported listings take
/// the same path.
/// </summary>
internal static class ListingRows
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The rows as a table, with their search documents. A level whose text is the same as the level below it comes as
    /// NULL and takes that document, so a listing with no hidden fields is analysed once, not three times. Arrays of
    /// arrays cannot be unnested, so the topic, language and accessibility lists are read from the content itself.
    /// </summary>
    private const string Unnested = """
        WITH r AS (
            SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::timestamptz[], $6::timestamptz[], $7::smallint[],
                $8::jsonb[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::float8[], $15::float8[],
                $16::timestamptz[], $17::timestamptz[], $18::text[], $19::text[], $20::int[], $21::timestamptz[], $22::text[], $23::uuid[],
                $24::text[], $25::text[], $26::text[], $27::text[], $28::text[], $29::text[], $30::text[], $31::text[],
                $32::text[], $33::text[], $34::text[], $35::text[])
            AS r (id, office_id, status, version, created_at, published_at, visibility_rank, content, name, audience, setting, openness,
                postcode, latitude, longitude, updated_at, last_confirmed_at, peer_id, remote_id, remote_version, fetched_at, origin,
                duplicate_of, p1, p2, p3, p4, n1, n2, n3, n4, o1, o2, o3, o4)),
        d AS (
            SELECT r.*, ARRAY(SELECT jsonb_array_elements_text(r.content -> 'topics')) AS topics,
                ARRAY(SELECT jsonb_array_elements_text(r.content -> 'languages')) AS languages,
                ARRAY(SELECT jsonb_array_elements_text(r.content -> 'accessibility')) AS accessibility,
                listing_doc(p1, p2, p3, p4) AS doc_public,
                CASE WHEN n1 IS NOT NULL THEN listing_doc(n1, n2, n3, n4) END AS doc_n,
                CASE WHEN o1 IS NOT NULL THEN listing_doc(o1, o2, o3, o4) END AS doc_o
            FROM r)

        """;

    /// <summary>Inserts new rows; <paramref name="duplicates"/> names the listing each new copy duplicates, if any.</summary>
    public static async Task InsertAsync(DomainTransaction tx, IReadOnlyList<Listing> rows, IReadOnlyDictionary<Guid, Guid>? duplicates,
        TopicTaxonomy taxonomy, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        await using var insert = tx.Command(Unnested + """
            INSERT INTO listings (id, office_id, status, version, created_at, published_at,
                visibility_rank, content, name, topics, audience, languages, setting, accessibility, openness, postcode,
                latitude, longitude, doc_public, doc_network, doc_office, updated_at, last_confirmed_at,
                peer_id, remote_id, remote_version, fetched_at, origin, duplicate_of)
            SELECT id, office_id, status, version, created_at, published_at,
                visibility_rank, content, name, topics, audience, languages, setting, accessibility, openness, postcode,
                latitude, longitude, doc_public, coalesce(doc_n, doc_public), coalesce(doc_o, doc_n, doc_public), updated_at, last_confirmed_at,
                peer_id, remote_id, remote_version, fetched_at, origin, duplicate_of
            FROM d
            """);
        AddParameters(insert, rows, duplicates, taxonomy);
        await insert.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Updates existing rows of the same office; which copy a row duplicates is left as it is.</summary>
    public static async Task UpdateAsync(DomainTransaction tx, IReadOnlyList<Listing> rows, TopicTaxonomy taxonomy, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        await using var update = tx.Command(Unnested + """
            UPDATE listings l SET status = d.status, version = d.version, created_at = d.created_at, published_at = d.published_at,
                visibility_rank = d.visibility_rank, content = d.content, name = d.name, topics = d.topics, audience = d.audience,
                languages = d.languages, setting = d.setting, accessibility = d.accessibility, openness = d.openness, postcode = d.postcode,
                latitude = d.latitude, longitude = d.longitude, doc_public = d.doc_public, doc_network = coalesce(d.doc_n, d.doc_public),
                doc_office = coalesce(d.doc_o, d.doc_n, d.doc_public), updated_at = d.updated_at, last_confirmed_at = d.last_confirmed_at,
                peer_id = d.peer_id, remote_id = d.remote_id, remote_version = d.remote_version, fetched_at = d.fetched_at, origin = d.origin
            FROM d
            WHERE l.id = d.id AND l.office_id = d.office_id
            """);
        AddParameters(update, rows, null, taxonomy);
        await update.ExecuteNonQueryAsync(ct);
    }

    private static void AddParameters(NpgsqlCommand command, IReadOnlyList<Listing> rows, IReadOnlyDictionary<Guid, Guid>? duplicates,
        TopicTaxonomy taxonomy)
    {
        var texts = new string?[12][];
        for (var t = 0; t < texts.Length; t++) texts[t] = new string?[rows.Count];
        var coordinates = rows.Select(l => ListingProjection.Coordinates(l.Content, 0)).ToArray();
        for (var i = 0; i < rows.Count; i++)
        {
            (string, string, string, string)? below = null;
            for (var rank = 0; rank <= 2; rank++)
            {
                var level = ListingProjection.SearchText(rows[i].Content, rank, taxonomy);
                var same = below == level;
                below = level;
                var (name, topics, place, text) = level;
                string?[] values = [name, topics, place, text];
                for (var part = 0; part < 4; part++) texts[rank * 4 + part][i] = same ? null : values[part];
            }
        }
        Add(command, rows.Select(l => l.Id).ToArray());
        Add(command, rows.Select(l => l.OfficeId).ToArray());
        Add(command, rows.Select(l => l.Status).ToArray());
        Add(command, rows.Select(l => l.Version).ToArray());
        Add(command, rows.Select(l => l.CreatedAt.ToUniversalTime()).ToArray());
        Add(command, rows.Select(l => l.PublishedAt?.ToUniversalTime()).ToArray());
        Add(command, rows.Select(l => (short)Visibility.Rank(l.Content.Visibility)).ToArray());
        Add(command, rows.Select(l => JsonSerializer.Serialize(l.Content, Json)).ToArray());
        Add(command, rows.Select(l => l.Content.Name).ToArray());
        Add(command, rows.Select(l => l.Content.Audience).ToArray());
        Add(command, rows.Select(l => l.Content.Setting).ToArray());
        Add(command, rows.Select(l => l.Content.Openness).ToArray());
        Add(command, rows.Select(l => l.Content.Place?.Postcode).ToArray());
        Add(command, coordinates.Select(c => c.Latitude).ToArray());
        Add(command, coordinates.Select(c => c.Longitude).ToArray());
        Add(command, rows.Select(l => l.UpdatedAt.ToUniversalTime()).ToArray());
        Add(command, rows.Select(l => l.LastConfirmedAt.ToUniversalTime()).ToArray());
        Add(command, rows.Select(l => l.Provenance?.PeerId).ToArray());
        Add(command, rows.Select(l => l.Provenance?.RemoteId).ToArray());
        Add(command, rows.Select(l => l.Provenance?.RemoteVersion).ToArray());
        Add(command, rows.Select(l => l.Provenance?.FetchedAt.ToUniversalTime()).ToArray());
        Add(command, rows.Select(l => l.Provenance?.Origin).ToArray());
        Add(command, rows.Select(l => duplicates?.TryGetValue(l.Id, out var first) == true ? first : (Guid?)null).ToArray());
        foreach (var column in texts) Add(command, column);
    }

    private static void Add<T>(NpgsqlCommand command, T[] values) => command.Parameters.Add(new NpgsqlParameter<T[]> { TypedValue = values });
}
