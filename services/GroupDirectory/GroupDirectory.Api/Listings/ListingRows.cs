using System.Text.Json;
using Npgsql;
using Selbsthilfe.GroupDirectory.Api.Taxonomy;
using Selbsthilfe.Messaging.Outbox;

namespace Selbsthilfe.GroupDirectory.Api.Listings;

/// <summary>
/// Writes listing rows, one or a whole feed page, in one statement: every column as an array parameter, unnested in
/// the database, with the search documents built before (<see cref="SearchDocuments"/>). A local edit and a page of
/// 1,000 imported listings take the same path.
/// </summary>
internal static class ListingRows
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The rows as a table, with their search documents; a level that is the same as the level below it comes as NULL and
    /// is stored as NULL (read as the level below). Arrays of arrays cannot be unnested, so the topic, language and
    /// accessibility lists come as one text each, joined by <see cref="Joined"/> (none of their codes holds its separator).
    /// </summary>
    private const string Unnested = """
        WITH r AS (
            SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::timestamptz[], $6::timestamptz[], $7::smallint[],
                $8::json[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::float8[], $15::float8[],
                $16::timestamptz[], $17::timestamptz[], $18::text[], $19::text[], $20::int[], $21::timestamptz[], $22::text[], $23::uuid[],
                $24::tsvector[], $25::tsvector[], $26::tsvector[], $27::text[], $28::text[], $29::text[])
            AS r (id, office_id, status, version, created_at, published_at, visibility_rank, content, name, audience, setting, openness,
                postcode, latitude, longitude, updated_at, last_confirmed_at, peer_id, remote_id, remote_version, fetched_at, origin,
                duplicate_of, doc_public, doc_n, doc_o, topic_list, language_list, accessibility_list)),
        d AS (
            SELECT r.*, string_to_array(r.topic_list, E'\x1f') AS topics, string_to_array(r.language_list, E'\x1f') AS languages,
                string_to_array(r.accessibility_list, E'\x1f') AS accessibility
            FROM r)

        """;

    /// <summary>A list of codes as one text for <see cref="Unnested"/>; PostgreSQL splits "" into an empty array.</summary>
    internal static string Joined(IEnumerable<string> codes) => string.Join('\u001f', codes);

    /// <summary>
    /// The contents as stored, by instance, for <paramref name="json"/> of <see cref="InsertAsync"/> and
    /// <see cref="UpdateAsync"/>: an import serialises a page's beside the statements before the write.
    /// </summary>
    internal static IReadOnlyDictionary<ListingContent, string> Serialize(IEnumerable<ListingContent> contents)
    {
        var json = new Dictionary<ListingContent, string>(ReferenceEqualityComparer.Instance);
        foreach (var content in contents) json.TryAdd(content, JsonSerializer.Serialize(content, Json));
        return json;
    }

    /// <summary>
    /// Inserts new rows; <paramref name="duplicates"/> names the listing each new copy duplicates, if any. Documents not
    /// in <paramref name="documents"/> are built in the transaction, contents not in <paramref name="json"/> serialised.
    /// </summary>
    public static async Task InsertAsync(DomainTransaction tx, IReadOnlyList<Listing> rows, IReadOnlyDictionary<Guid, Guid>? duplicates,
        TopicTaxonomy taxonomy, CancellationToken ct, SearchDocuments? documents = null, IReadOnlyDictionary<ListingContent, string>? json = null)
    {
        if (rows.Count == 0) return;
        var built = await CompleteAsync(tx, rows, documents, taxonomy, ct);
        await using var insert = tx.Command(Unnested + """
            INSERT INTO listings (id, office_id, status, version, created_at, published_at,
                visibility_rank, content, name, topics, audience, languages, setting, accessibility, openness, postcode,
                latitude, longitude, doc_public, doc_network, doc_office, updated_at, last_confirmed_at,
                peer_id, remote_id, remote_version, fetched_at, origin, duplicate_of)
            SELECT id, office_id, status, version, created_at, published_at,
                visibility_rank, content, name, topics, audience, languages, setting, accessibility, openness, postcode,
                latitude, longitude, doc_public, doc_n, doc_o, updated_at, last_confirmed_at,
                peer_id, remote_id, remote_version, fetched_at, origin, duplicate_of
            FROM d
            """);
        AddParameters(insert, rows, duplicates, built, json);
        await insert.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Updates existing rows of the same office; which copy a row duplicates is left as it is.</summary>
    public static async Task UpdateAsync(DomainTransaction tx, IReadOnlyList<Listing> rows, TopicTaxonomy taxonomy, CancellationToken ct,
        SearchDocuments? documents = null, IReadOnlyDictionary<ListingContent, string>? json = null)
    {
        if (rows.Count == 0) return;
        await using var update = tx.Command(Unnested + """
            UPDATE listings l SET status = d.status, version = d.version, created_at = d.created_at, published_at = d.published_at,
                visibility_rank = d.visibility_rank, content = d.content, name = d.name, topics = d.topics, audience = d.audience,
                languages = d.languages, setting = d.setting, accessibility = d.accessibility, openness = d.openness, postcode = d.postcode,
                latitude = d.latitude, longitude = d.longitude, doc_public = d.doc_public, doc_network = d.doc_n, doc_office = d.doc_o,
                updated_at = d.updated_at, last_confirmed_at = d.last_confirmed_at,
                peer_id = d.peer_id, remote_id = d.remote_id, remote_version = d.remote_version, fetched_at = d.fetched_at, origin = d.origin
            FROM d
            WHERE l.id = d.id AND l.office_id = d.office_id
            """);
        AddParameters(update, rows, null, await CompleteAsync(tx, rows, documents, taxonomy, ct), json);
        await update.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Each row's documents: those given, the others built in the transaction.</summary>
    private static async Task<Func<ListingContent, ListingDocuments>> CompleteAsync(DomainTransaction tx, IReadOnlyList<Listing> rows,
        SearchDocuments? documents, TopicTaxonomy taxonomy, CancellationToken ct)
    {
        var missing = rows.Select(l => l.Content).Where(c => documents?.For(c) is null).ToList();
        var built = await SearchDocuments.BuildAsync(tx.Command, missing, taxonomy, ct);
        return content => documents?.For(content) ?? built.For(content)!;
    }

    private static void AddParameters(NpgsqlCommand command, IReadOnlyList<Listing> rows, IReadOnlyDictionary<Guid, Guid>? duplicates,
        Func<ListingContent, ListingDocuments> documents, IReadOnlyDictionary<ListingContent, string>? json)
    {
        var coordinates = rows.Select(l => ListingProjection.Coordinates(l.Content, 0)).ToArray();
        var docs = rows.Select(l => documents(l.Content)).ToArray();
        Add(command, rows.Select(l => l.Id).ToArray());
        Add(command, rows.Select(l => l.OfficeId).ToArray());
        Add(command, rows.Select(l => l.Status).ToArray());
        Add(command, rows.Select(l => l.Version).ToArray());
        Add(command, rows.Select(l => l.CreatedAt.ToUniversalTime()).ToArray());
        Add(command, rows.Select(l => l.PublishedAt?.ToUniversalTime()).ToArray());
        Add(command, rows.Select(l => (short)Visibility.Rank(l.Content.Visibility)).ToArray());
        Add(command, rows.Select(l => json?.GetValueOrDefault(l.Content) ?? JsonSerializer.Serialize(l.Content, Json)).ToArray());
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
        Add(command, docs.Select(d => d.Public).ToArray());
        Add(command, docs.Select(d => d.Network).ToArray());
        Add(command, docs.Select(d => d.Office).ToArray());
        Add(command, rows.Select(l => Joined(l.Content.Topics)).ToArray());
        Add(command, rows.Select(l => Joined(l.Content.Languages)).ToArray());
        Add(command, rows.Select(l => Joined(l.Content.Accessibility)).ToArray());
    }

    private static void Add<T>(NpgsqlCommand command, T[] values) => command.Parameters.Add(new NpgsqlParameter<T[]> { TypedValue = values });
}
