using Npgsql;
using Selbsthilfe.Messaging.Outbox;

namespace Selbsthilfe.GroupDirectory.Api.Listings;

/// <summary>
/// The columns of a listing that filters, facets and the change feed's bookkeeping need; for the search index also its
/// search documents as tsvector text (of a shown listing only; a level equal to the one below it is null).
/// </summary>
public sealed record IndexRow(Guid Id, string Status, int Rank, string OfficeId, string[] Topics, string Audience, string Setting,
    string[] Languages, string Openness, string[] Accessibility, string? Postcode, double? Latitude, double? Longitude, string Name,
    Guid? DuplicateOf = null, string? DocPublic = null, string? DocNetwork = null, string? DocOffice = null);

public sealed record LoggedChange(long Position, IndexRow Row);

/// <summary>
/// The listings' change log: one row per listing, at the position of its latest change. Followers (the search index of
/// every replica, federation peers) read it by position. A position taken by a long transaction that commits after a
/// later position would be skipped by a reader already past the later one; so positions are taken only as the last
/// step before commit, under a transaction-scoped lock: the next position cannot be taken before the previous one's
/// transaction has ended, commits happen in position order, and "position &gt; cursor" never misses a change.
/// </summary>
public static class ListingChanges
{
    /// <summary>The advisory lock (per database) that serialises taking a position and committing.</summary>
    public const long PositionLock = 0x4C697374696E67; // "Listing"

    /// <summary>Appends the listings to the log; call it right before the transaction commits.</summary>
    public static async Task AppendAsync(DomainTransaction tx, IReadOnlyCollection<Guid> listingIds, CancellationToken ct)
    {
        await using (var exclusive = tx.Command($"SELECT pg_advisory_xact_lock({PositionLock})")) await exclusive.ExecuteNonQueryAsync(ct);
        await using var command = tx.Command("""
            INSERT INTO listing_changes (listing_id, position)
            SELECT id, nextval('listing_change_position') FROM unnest($1::uuid[]) WITH ORDINALITY AS u(id, i) ORDER BY i
            ON CONFLICT (listing_id) DO UPDATE SET position = excluded.position, changed_at = now()
            """);
        // A listing changed twice in one transaction (a page's withdrawal promotes a copy the page also changed) takes one position.
        command.Parameters.AddWithValue(listingIds.Distinct().ToArray());
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <param name="documents">Whether to read the search documents too (the search index needs them).</param>
    public static async Task<IReadOnlyList<LoggedChange>> ReadAsync(NpgsqlDataSource db, long after, int limit, CancellationToken ct,
        bool documents = false)
    {
        await using var command = db.CreateCommand(ReadSql(documents));
        command.Parameters.AddWithValue(after);
        command.Parameters.AddWithValue(limit);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await ReadRowsAsync(reader, ct);
    }

    /// <summary>
    /// The same read as a statement of the caller's batch, so that a search catches up in the round trip that also parses
    /// its text; the rows are read with <see cref="ReadRowsAsync"/>.
    /// </summary>
    public static NpgsqlBatchCommand ReadCommand(long after, int limit, bool documents)
    {
        var command = new NpgsqlBatchCommand(ReadSql(documents));
        command.Parameters.AddWithValue(after);
        command.Parameters.AddWithValue(limit);
        return command;
    }

    private static string ReadSql(bool documents)
    {
        var docs = documents
            ? """
              CASE WHEN s.shown THEN l.doc_public::text END, CASE WHEN s.shown THEN l.doc_network::text END,
              CASE WHEN s.shown THEN l.doc_office::text END
              """
            : "NULL::text, NULL::text, NULL::text";
        return $"""
            SELECT c.position, l.id, l.status, l.visibility_rank, l.office_id, l.topics, l.audience, l.setting, l.languages,
                   l.openness, l.accessibility, l.postcode, l.latitude, l.longitude, l.name, l.duplicate_of,
                   {docs}
            FROM listing_changes c JOIN listings l ON l.id = c.listing_id,
                 LATERAL (SELECT l.status = 'published' AND l.duplicate_of IS NULL AS shown) s
            WHERE c.position > $1
            ORDER BY c.position
            LIMIT $2
            """;
    }

    /// <summary>The rows of the current result of <paramref name="reader"/>, as <see cref="ReadCommand"/> selects them.</summary>
    public static async Task<IReadOnlyList<LoggedChange>> ReadRowsAsync(NpgsqlDataReader reader, CancellationToken ct)
    {
        var changes = new List<LoggedChange>();
        while (await reader.ReadAsync(ct))
        {
            changes.Add(new LoggedChange(reader.GetInt64(0),
                new IndexRow(reader.GetGuid(1), reader.GetString(2), reader.GetInt16(3), reader.GetString(4),
                    reader.GetFieldValue<string[]>(5), reader.GetString(6), reader.GetString(7), reader.GetFieldValue<string[]>(8),
                    reader.GetString(9), reader.GetFieldValue<string[]>(10), reader.IsDBNull(11) ? null : reader.GetString(11),
                    reader.IsDBNull(12) ? null : reader.GetDouble(12), reader.IsDBNull(13) ? null : reader.GetDouble(13), reader.GetString(14),
                    reader.IsDBNull(15) ? null : reader.GetGuid(15), reader.IsDBNull(16) ? null : reader.GetString(16),
                    reader.IsDBNull(17) ? null : reader.GetString(17), reader.IsDBNull(18) ? null : reader.GetString(18))));
        }
        return changes;
    }
}
