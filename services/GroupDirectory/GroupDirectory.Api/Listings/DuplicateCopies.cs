using Selbsthilfe.Messaging.Outbox;

namespace Selbsthilfe.GroupDirectory.Api.Listings;

/// <summary>
/// A new copy of a group this directory already lists from another source (the same origin, or the same name and
/// postcode with a shared topic) is marked as a duplicate of the first: listed once, with both provenances. Origin
/// comes before name; the first is the oldest listing shown, and listings held before a page come before the page's
/// own new copies, which are taken in page order as if written one by one.
/// </summary>
internal static class DuplicateCopies
{
    /// <summary>For each new copy (not written yet) that duplicates a listing, that listing's id.</summary>
    public static async Task<IReadOnlyDictionary<Guid, Guid>> FindAsync(DomainTransaction tx, IReadOnlyList<Listing> copies, CancellationToken ct)
    {
        var found = new Dictionary<Guid, Guid>();
        if (copies.Count == 0) return found;
        // kind 0: same origin, 1: same name; "held" is a listing from before the page, "earlier" a copy earlier in it.
        await using var command = tx.Command("""
            WITH n AS (
                SELECT n.i, n.origin, n.name, n.postcode, string_to_array(n.topic_list, E'\x1f') AS topics
                FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS n (origin, name, postcode, topic_list, i))
            -- "IS TRUE" keeps the planner from adding the partial index of published listings to the origin index: it
            -- scans every published listing, once per copy (an import of 100,000 went quadratic).
            SELECT n.i, 0, (SELECT d.id FROM listings d
                            WHERE d.origin = n.origin AND (d.status = 'published') IS TRUE AND d.duplicate_of IS NULL
                            ORDER BY d.created_at, d.id LIMIT 1), NULL::bigint
            FROM n WHERE n.origin IS NOT NULL
            UNION ALL
            -- Found by name (its index); the topic test is written so that the planner cannot pick the topics index
            -- instead, which grows with every listing of a popular topic (imports slowed to a crawl).
            SELECT n.i, 1, (SELECT d.id FROM listings d
                            WHERE lower(d.name) = lower(n.name) AND d.postcode = n.postcode AND d.status = 'published' AND d.duplicate_of IS NULL
                              AND EXISTS (SELECT FROM unnest(d.topics) t WHERE t = ANY (n.topics))
                            ORDER BY d.created_at, d.id LIMIT 1), NULL
            FROM n WHERE n.postcode IS NOT NULL
            UNION ALL
            -- Two equi-joins (hashed), not one join on "origin or name" (a nested loop over every pair of the page).
            SELECT n.i, 0, NULL, e.i FROM n JOIN n e ON e.origin = n.origin AND e.i < n.i
            UNION ALL
            SELECT n.i, 1, NULL, e.i FROM n JOIN n e ON lower(e.name) = lower(n.name) AND e.postcode = n.postcode AND e.i < n.i AND e.topics && n.topics
            """);
        command.Parameters.AddWithValue(copies.Select(c => c.Provenance?.Origin).ToArray());
        command.Parameters.AddWithValue(copies.Select(c => c.Content.Name).ToArray());
        command.Parameters.AddWithValue(copies.Select(c => c.Content.Place?.Postcode).ToArray());
        command.Parameters.AddWithValue(copies.Select(c => ListingRows.Joined(c.Content.Topics)).ToArray());
        // Per copy and kind: the listing held before the page, and the earlier copies of the page, in page order.
        var held = new Dictionary<(int, int), Guid>();
        var earlier = new Dictionary<(int, int), SortedSet<int>>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var key = ((int)reader.GetInt64(0) - 1, reader.GetInt32(1));
                if (!reader.IsDBNull(2)) held[key] = reader.GetGuid(2);
                else if (!reader.IsDBNull(3)) (earlier.TryGetValue(key, out var set) ? set : earlier[key] = []).Add((int)reader.GetInt64(3) - 1);
            }
        }
        for (var i = 0; i < copies.Count; i++)
        {
            Guid? First(int kind) =>
                held.TryGetValue((i, kind), out var id) ? id
                : earlier.GetValueOrDefault((i, kind))?.Where(e => !found.ContainsKey(copies[e].Id)).Select(e => (Guid?)copies[e].Id).FirstOrDefault();
            if ((First(0) ?? First(1)) is { } first) found[copies[i].Id] = first;
        }
        return found;
    }
}
