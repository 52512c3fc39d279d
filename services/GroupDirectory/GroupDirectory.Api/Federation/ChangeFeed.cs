using System.Globalization;
using Npgsql;
using Selbsthilfe.GroupDirectory.Api.Listings;
using Selbsthilfe.GroupDirectory.Api.Taxonomy;

namespace Selbsthilfe.GroupDirectory.Api.Federation;

/// <summary>
/// Our listings' changes for peers, in the change log's order (<see cref="ListingChanges"/>: a change committed late
/// is never skipped). Each entry is the listing as of its latest change, projected for the reader: an authenticated
/// peer sees the office-network level, anyone else only what is public. A listing the reader may not (or no longer)
/// see, a withdrawn one, and one imported from a peer that is not configured for re-export appear as tombstones, so
/// followers drop their copies. Drafts never appear.
/// </summary>
public sealed class ChangeFeed(NpgsqlDataSource db, ListingStore store, TopicTaxonomy taxonomy, TimeProvider clock)
{
    public const int MaxLimit = 1000;

    public static bool TryParseCursor(string? since, out long position) =>
        long.TryParse(string.IsNullOrEmpty(since) ? "0" : since, NumberStyles.None, CultureInfo.InvariantCulture, out position);

    /// <summary>The newest position of the log: with the cursor and the reader's level it identifies a page (ETag).</summary>
    public async Task<long> HeadAsync(CancellationToken ct)
    {
        await using var command = db.CreateCommand("SELECT coalesce(max(position), 0) FROM listing_changes");
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private Guid? _instance;

    /// <summary>This instance's id: read once, it never changes.</summary>
    public async Task<Guid> InstanceIdAsync(CancellationToken ct)
    {
        if (_instance is { } known) return known;
        await using var command = db.CreateCommand("SELECT instance_id FROM federation_instance");
        return (_instance = (Guid)(await command.ExecuteScalarAsync(ct))!).Value;
    }

    public async Task<FeedPage> ReadAsync(long since, int limit, Viewer reader, CancellationToken ct)
    {
        var instance = await InstanceIdAsync(ct);
        var changes = await ListingChanges.ReadAsync(db, since, limit, ct);
        var listings = (await store.GetManyAsync(changes.Select(c => c.Row.Id).ToList(), ct)).ToDictionary(l => l.Id);
        var reexported = await ReexportingPeersAsync(ct);
        var now = clock.GetUtcNow();
        var items = new List<FeedItem>(changes.Count);
        foreach (var change in changes)
        {
            if (!listings.TryGetValue(change.Row.Id, out var listing) || listing.PublishedAt is null) continue; // drafts
            var origin = listing.Provenance is { } p ? p.Origin ?? $"{p.PeerId}/{p.RemoteId}" : $"{instance}/{listing.Id}";
            var view = Shared(listing, reader, reexported, now);
            items.Add(view is null
                ? FeedMapping.Tombstone(listing.Id, listing.Version, origin)
                : FeedMapping.ToItem(listing, view, reader.RankFor(listing.OfficeId), origin, taxonomy));
        }
        var next = changes.Count > 0 ? changes[^1].Position : since;
        var (remaining, oldest) = await RemainingAsync(next, ct);
        return new FeedPage(items, next.ToString(CultureInfo.InvariantCulture), remaining > 0, remaining, oldest);
    }

    /// <summary>The listing as the reader may see it, when it is published and ours to share; otherwise null.</summary>
    private ListingView? Shared(Listing listing, Viewer reader, HashSet<string> reexported, DateTimeOffset now) =>
        listing.Status == ListingStatus.Published && (listing.Provenance is null || reexported.Contains(listing.Provenance.PeerId))
            ? ListingProjection.Project(listing, reader, taxonomy, now)
            : null;

    /// <summary>Everything the reader may see now, for formats without a change feed (Meeting Guide).</summary>
    public async Task<IReadOnlyList<ListingView>> SnapshotAsync(Viewer reader, CancellationToken ct)
    {
        var reexported = await ReexportingPeersAsync(ct);
        var now = clock.GetUtcNow();
        var views = new List<ListingView>();
        var position = 0L;
        while (await ListingChanges.ReadAsync(db, position, MaxLimit, ct) is { Count: > 0 } changes)
        {
            foreach (var listing in await store.GetManyAsync(changes.Select(c => c.Row.Id).ToList(), ct))
                if (Shared(listing, reader, reexported, now) is { } view) views.Add(view);
            position = changes[^1].Position;
        }
        return views;
    }

    private async Task<HashSet<string>> ReexportingPeersAsync(CancellationToken ct)
    {
        await using var command = db.CreateCommand("SELECT id FROM federation_peers WHERE reexport");
        var peers = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) peers.Add(reader.GetString(0));
        return peers;
    }

    /// <summary>Up to this many changes after a page are counted exactly.</summary>
    private const int CountedRemaining = 10_000;

    /// <summary>
    /// How many changes follow a page, and when the oldest of them was made (the age of what the reader has not fetched).
    /// Counting them all made every page of a large feed as dear as the rest of the feed (100,000 listings: 5 million
    /// index entries over 100 pages), so up to <see cref="CountedRemaining"/> are counted and beyond that the positions
    /// taken since are reported: an upper bound that also counts changes a later change of the same listing replaced.
    /// </summary>
    private async Task<(long Count, DateTimeOffset? Oldest)> RemainingAsync(long after, CancellationToken ct)
    {
        // changed_at is when a change's transaction began and its position is taken at commit, so the oldest of the next
        // changes is not always the first by position: the oldest among those counted is taken.
        await using var command = db.CreateCommand("""
            SELECT counted.n, (SELECT coalesce(max(position), $1) - $1 FROM listing_changes), counted.oldest
            FROM (SELECT count(*) AS n, min(changed_at) AS oldest
                  FROM (SELECT changed_at FROM listing_changes WHERE position > $1 ORDER BY position LIMIT $2) next) counted
            """);
        command.Parameters.AddWithValue(after);
        command.Parameters.AddWithValue(CountedRemaining);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var counted = reader.GetInt64(0);
        return (counted < CountedRemaining ? counted : reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2));
    }
}
