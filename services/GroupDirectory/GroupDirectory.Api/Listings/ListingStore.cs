using System.Security.Claims;
using System.Text.Json;
using Npgsql;
using Selbsthilfe.GroupDirectory.Api.Taxonomy;
using Selbsthilfe.GroupDirectory.Contracts;
using Selbsthilfe.Messaging.Outbox;
using Selbsthilfe.ServiceDefaults.Security;

namespace Selbsthilfe.GroupDirectory.Api.Listings;

public enum WriteOutcome { Done, NotFound, Forbidden, StaleVersion }

public enum UploadOutcome { Created, Updated, Unchanged }

public sealed record WriteResult(WriteOutcome Outcome, Listing? Listing = null);

/// <summary>
/// Every change of a listing: one transaction that locks the row, checks the owner office and the expected version,
/// writes, and raises the integration event through the outbox. A change that is not visible to the public yet
/// (a draft) raises nothing.
/// </summary>
public sealed class ListingStore(NpgsqlDataSource db, TransactionalOutbox outbox, TopicTaxonomy taxonomy, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string Select = """
        SELECT l.id, l.office_id, o.name, l.status, l.version, l.content, l.created_at, l.updated_at, l.published_at, l.last_confirmed_at,
               l.peer_id, l.remote_id, l.remote_version, l.fetched_at, l.origin,
               (SELECT json_agg(json_build_array(d.peer_id, d.remote_id, d.remote_version, d.fetched_at, d.origin) ORDER BY d.created_at)::text
                FROM listings d WHERE d.duplicate_of = l.id AND d.status = 'published') AS also
        FROM listings l JOIN offices o ON o.id = l.office_id
        """;

    public async Task<Listing?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var command = db.CreateCommand(Select + " WHERE l.id = $1");
        command.Parameters.AddWithValue(id);
        return (await ReadAsync(command, ct)).SingleOrDefault();
    }

    public async Task<IReadOnlyList<Listing>> GetManyAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        await using var command = db.CreateCommand(Select + " WHERE l.id = ANY ($1)");
        command.Parameters.AddWithValue(ids.ToArray());
        return await ReadAsync(command, ct);
    }

    /// <summary>All of an office's listings, drafts and withdrawn ones included, by name.</summary>
    public async Task<IReadOnlyList<Listing>> ListByOfficeAsync(string officeId, CancellationToken ct)
    {
        await using var command = db.CreateCommand(Select + " WHERE l.office_id = $1 ORDER BY lower(l.name), l.id");
        command.Parameters.AddWithValue(officeId);
        return await ReadAsync(command, ct);
    }

    private static async Task<IReadOnlyList<Listing>> ReadAsync(NpgsqlCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        var result = new List<Listing>();
        while (await reader.ReadAsync(ct))
        {
            result.Add(new Listing(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4),
                JsonSerializer.Deserialize<ListingContent>(reader.GetString(5), Json)!,
                reader.GetFieldValue<DateTimeOffset>(6), reader.GetFieldValue<DateTimeOffset>(7),
                reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8), reader.GetFieldValue<DateTimeOffset>(9),
                reader.IsDBNull(10) ? null : new Provenance(reader.GetString(10), reader.GetString(11), reader.GetInt32(12),
                    reader.GetFieldValue<DateTimeOffset>(13), reader.IsDBNull(14) ? null : reader.GetString(14)),
                reader.IsDBNull(15) ? null : Duplicates(reader.GetString(15))));
        }
        return result;
    }

    private static List<Provenance> Duplicates(string json) =>
        JsonSerializer.Deserialize<JsonElement[][]>(json)!.Select(d => new Provenance(d[0].GetString()!, d[1].GetString()!, d[2].GetInt32(),
            d[3].GetDateTimeOffset(), d[4].GetString())).ToList();

    /// <summary>Creates a draft. Null when the office does not exist.</summary>
    public async Task<Listing?> CreateAsync(string officeId, ListingContent content, CancellationToken ct, Guid? id = null)
    {
        await using var tx = await outbox.BeginAsync(ct);
        var listing = await CreateAsync(tx, officeId, content, id, ct);
        if (listing is not null) await tx.CommitAsync(ct);
        return listing;
    }

    /// <summary>Creates a draft in the caller's transaction (e.g. a consumer's inbox transaction). Null when the office does not exist.</summary>
    public async Task<Listing?> CreateAsync(DomainTransaction tx, string officeId, ListingContent content, Guid? id, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var office = tx.Command("SELECT name FROM offices WHERE id = $1");
        office.Parameters.AddWithValue(officeId);
        if (await office.ExecuteScalarAsync(ct) is not string officeName) return null;
        var listing = new Listing(id ?? Guid.CreateVersion7(), officeId, officeName, ListingStatus.Draft, 1, content, now, now, null, now);
        await InsertRowAsync(tx, listing, ct);
        await AddTermsAsync(tx, listing.Content, ct);
        await ListingChanges.AppendAsync(tx, [listing.Id], ct);
        return listing;
    }

    public Task<WriteResult> UpdateAsync(Guid id, int? expectedVersion, ClaimsPrincipal user, ListingContent content, CancellationToken ct) =>
        ChangeAsync(id, expectedVersion, user, (listing, now) =>
        {
            var changed = listing with { Content = content, LastConfirmedAt = now };
            return (changed, listing.Status == ListingStatus.Published ? Updated(changed, listing.Version + 1, now) : null);
        }, ct);

    public Task<WriteResult> PublishAsync(Guid id, int? expectedVersion, ClaimsPrincipal user, CancellationToken ct) =>
        ChangeAsync(id, expectedVersion, user, (listing, now) =>
            listing.Status == ListingStatus.Published
                ? (null, null)
                : (listing with { Status = ListingStatus.Published, PublishedAt = now, LastConfirmedAt = now }, Published(listing, listing.Version + 1, now)), ct);

    public Task<WriteResult> WithdrawAsync(Guid id, int? expectedVersion, ClaimsPrincipal user, CancellationToken ct) =>
        ChangeAsync(id, expectedVersion, user, (listing, now) =>
            listing.Status == ListingStatus.Withdrawn
                ? (null, null)
                : (listing with { Status = ListingStatus.Withdrawn },
                    listing.Status == ListingStatus.Published
                        ? new ListingWithdrawn { ListingId = listing.Id, OfficeId = listing.OfficeId, Version = listing.Version + 1, OccurredAt = now }
                        : null), ct);

    /// <summary>The office confirms the listing is still accurate: no content change, so no event.</summary>
    public Task<WriteResult> ConfirmAsync(Guid id, int? expectedVersion, ClaimsPrincipal user, CancellationToken ct) =>
        ChangeAsync(id, expectedVersion, user, (listing, now) => (listing with { LastConfirmedAt = now }, null), ct);

    /// <param name="version">The version the listing has once the change is written.</param>
    private static ListingPublished Published(Listing listing, int version, DateTimeOffset now) => new()
    {
        ListingId = listing.Id, OfficeId = listing.OfficeId, Version = version, Visibility = listing.Content.Visibility,
        Facts = ListingProjection.PublicFacts(listing.Content), OccurredAt = now,
    };

    private static ListingUpdated Updated(Listing changed, int version, DateTimeOffset now) => new()
    {
        ListingId = changed.Id, OfficeId = changed.OfficeId, Version = version, Visibility = changed.Content.Visibility,
        Facts = ListingProjection.PublicFacts(changed.Content), OccurredAt = now,
    };

    /// <param name="change">The changed listing (null: nothing to do) and the event it raises (null: none).</param>
    private async Task<WriteResult> ChangeAsync(Guid id, int? expectedVersion, ClaimsPrincipal user,
        Func<Listing, DateTimeOffset, (Listing? Changed, object? Event)> change, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var tx = await outbox.BeginAsync(ct);
        Listing? current;
        await using (var select = tx.Command(Select + " WHERE l.id = $1 FOR UPDATE OF l"))
        {
            select.Parameters.AddWithValue(id);
            current = (await ReadAsync(select, ct)).SingleOrDefault();
        }
        // Someone who may not even see the listing learns nothing about it, not even that it exists.
        if (current is null || ListingProjection.Project(current, Viewer.From(user), taxonomy, now) is null) return new(WriteOutcome.NotFound);
        // An imported listing belongs to its office on the peer it came from: only that peer's feed changes it here.
        if (!user.IsStaffOf(current.OfficeId) || current.Provenance is not null) return new(WriteOutcome.Forbidden);
        if (expectedVersion is { } expected && expected != current.Version) return new(WriteOutcome.StaleVersion, current);

        var (changed, integrationEvent) = change(current, now);
        if (changed is null) return new(WriteOutcome.Done, current);
        changed = changed with { Version = current.Version + 1, UpdatedAt = now };
        await UpdateRowAsync(tx, changed, ct);
        await RaiseAsync(tx, integrationEvent, ct);
        await AddTermsAsync(tx, changed.Content, ct);
        var promoted = changed.Status == ListingStatus.Withdrawn ? await PromoteDuplicatesAsync(tx, changed.Id, ct) : [];
        await ListingChanges.AppendAsync(tx, [changed.Id, .. promoted], ct);
        await tx.CommitAsync(ct);
        return new(WriteOutcome.Done, changed);
    }

    private static async Task RaiseAsync(DomainTransaction tx, object? integrationEvent, CancellationToken ct)
    {
        switch (integrationEvent)
        {
            case ListingPublished e: await tx.RaiseAsync(e.ListingId.ToString(), e, ct); break;
            case ListingUpdated e: await tx.RaiseAsync(e.ListingId.ToString(), e, ct); break;
            case ListingWithdrawn e: await tx.RaiseAsync(e.ListingId.ToString(), e, ct); break;
        }
    }

    /// <summary>
    /// Adds the listing's words to the typo dictionary, in sorted order, so two writers never wait on each other's words
    /// in opposite orders. Then, as the very last step before commit, the caller appends to the change log.
    /// </summary>
    private static async Task AddTermsAsync(DomainTransaction tx, ListingContent content, CancellationToken ct)
    {
        var terms = SearchTerms.Of(content);
        if (terms.Count == 0) return;
        await using var words = tx.Command("""
            INSERT INTO search_terms (folded, word) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (folded) DO NOTHING
            """);
        words.Parameters.AddWithValue(terms.Select(t => t.Folded).ToArray());
        words.Parameters.AddWithValue(terms.Select(t => t.Word).ToArray());
        await words.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// The three search documents of a row ($19 to $30): a level whose text is the same as the level below it is sent
    /// as NULL and takes that document, so a listing with no hidden fields is analysed once, not three times.
    /// </summary>
    private const string Documents = """
        WITH p AS (SELECT listing_doc($19, $20, $21, $22) AS doc),
             n AS (SELECT CASE WHEN $23::text IS NULL THEN p.doc ELSE listing_doc($23, $24, $25, $26) END AS doc FROM p),
             o AS (SELECT CASE WHEN $27::text IS NULL THEN n.doc ELSE listing_doc($27, $28, $29, $30) END AS doc FROM n)

        """;

    private async Task InsertRowAsync(DomainTransaction tx, Listing listing, CancellationToken ct)
    {
        await using var insert = tx.Command(Documents + """
            INSERT INTO listings (id, office_id, status, version, created_at, published_at,
                visibility_rank, content, name, topics, audience, languages, setting, accessibility, openness, postcode,
                latitude, longitude, doc_public, doc_network, doc_office, updated_at, last_confirmed_at,
                peer_id, remote_id, remote_version, fetched_at, origin)
            SELECT $1, $2, $3, $4, $5, $6,
                $7, $8::jsonb, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
                p.doc, n.doc, o.doc, $31, $32,
                $33, $34, $35, $36, $37
            FROM p, n, o
            """);
        AddRowParameters(insert, listing);
        await insert.ExecuteNonQueryAsync(ct);
    }

    private async Task UpdateRowAsync(DomainTransaction tx, Listing changed, CancellationToken ct)
    {
        await using var update = tx.Command(Documents + """
            UPDATE listings SET status = $3, version = $4, created_at = $5, published_at = $6,
                visibility_rank = $7, content = $8::jsonb, name = $9, topics = $10, audience = $11, languages = $12, setting = $13,
                accessibility = $14, openness = $15, postcode = $16, latitude = $17, longitude = $18,
                doc_public = p.doc, doc_network = n.doc, doc_office = o.doc, updated_at = $31, last_confirmed_at = $32,
                peer_id = $33, remote_id = $34, remote_version = $35, fetched_at = $36, origin = $37
            FROM p, n, o
            WHERE id = $1 AND office_id = $2
            """);
        AddRowParameters(update, changed);
        await update.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Applies one entry of a peer's feed inside the caller's transaction (one per feed page): creates, updates or
    /// withdraws the local copy and raises the same events as a local change. An entry is applied once: a version
    /// not newer than the one held is ignored, so a page read twice changes nothing. Returns the id of the listing
    /// changed (for the change log, which the caller appends once per page), or null when nothing changed.
    /// </summary>
    /// <param name="held">The copies of this page's entries, locked with <see cref="LockCopiesAsync"/>.</param>
    public async Task<IReadOnlyList<Guid>> ImportAsync(DomainTransaction tx, ImportedListing item, IReadOnlyDictionary<string, Listing> held,
        CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var current = held.GetValueOrDefault(item.RemoteId);
        if (current?.Provenance is { } copy && copy.RemoteVersion >= item.RemoteVersion) return [];
        var provenance = new Provenance(item.PeerId, item.RemoteId, item.RemoteVersion, now, item.Origin);
        if (item.Content is null)
        {
            if (current is null || current.Status != ListingStatus.Published) return [];
            var withdrawn = current with { Status = ListingStatus.Withdrawn, Version = current.Version + 1, UpdatedAt = now, Provenance = provenance };
            await UpdateRowAsync(tx, withdrawn, ct);
            await RaiseAsync(tx, new ListingWithdrawn { ListingId = current.Id, OfficeId = current.OfficeId, Version = withdrawn.Version, OccurredAt = now }, ct);
            return [current.Id, .. await PromoteDuplicatesAsync(tx, current.Id, ct)];
        }
        var confirmed = item.LastConfirmedAt ?? now;
        if (current is null)
        {
            var created = new Listing(Guid.CreateVersion7(), item.OfficeId, "", ListingStatus.Published, 1, item.Content, now, now, now, confirmed, provenance);
            await InsertRowAsync(tx, created, ct);
            await RaiseAsync(tx, Published(created, created.Version, now), ct);
            await AddTermsAsync(tx, created.Content, ct);
            await MarkDuplicateAsync(tx, created, ct);
            return [created.Id];
        }
        var changed = current with
        {
            OfficeId = item.OfficeId, Status = ListingStatus.Published, Version = current.Version + 1, Content = item.Content, UpdatedAt = now,
            PublishedAt = current.PublishedAt ?? now, LastConfirmedAt = confirmed, Provenance = provenance,
        };
        await UpdateRowAsync(tx, changed, ct);
        await RaiseAsync(tx, current.Status == ListingStatus.Published
            ? Updated(changed, changed.Version, now)
            : Published(changed, changed.Version, now), ct);
        await AddTermsAsync(tx, changed.Content, ct);
        return [changed.Id];
    }

    /// <summary>
    /// The copies held of a peer's entries (all of them when <paramref name="remoteIds"/> is null), locked for the rest
    /// of the transaction: one query per feed page.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, Listing>> LockCopiesAsync(DomainTransaction tx, string peerId, IReadOnlyCollection<string>? remoteIds,
        CancellationToken ct)
    {
        await using var select = tx.Command(Select + " WHERE l.peer_id = $1 AND ($2::text[] IS NULL OR l.remote_id = ANY ($2)) ORDER BY l.id FOR UPDATE OF l");
        select.Parameters.AddWithValue(peerId);
        select.Parameters.Add(new NpgsqlParameter { Value = (object?)remoteIds?.ToArray() ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        return (await ReadAsync(select, ct)).ToDictionary(l => l.Provenance!.RemoteId, StringComparer.Ordinal);
    }

    /// <summary>
    /// One row of an office's uploaded spreadsheet, in its own transaction: the listing with this external id is
    /// created (published) or brought up to date; uploading the same row again changes nothing.
    /// </summary>
    public async Task<(UploadOutcome Outcome, Guid Id)> UpsertExternalAsync(string officeId, string externalId, ListingContent content, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var tx = await outbox.BeginAsync(ct);
        Listing? current;
        await using (var select = tx.Command(Select + " WHERE l.office_id = $1 AND l.external_id = $2 FOR UPDATE OF l"))
        {
            select.Parameters.AddWithValue(officeId);
            select.Parameters.AddWithValue(externalId);
            current = (await ReadAsync(select, ct)).SingleOrDefault();
        }
        Listing written;
        if (current is null)
        {
            written = new Listing(Guid.CreateVersion7(), officeId, "", ListingStatus.Published, 1, content, now, now, now, now);
            await InsertRowAsync(tx, written, ct);
            await using var mark = tx.Command("UPDATE listings SET external_id = $2 WHERE id = $1");
            mark.Parameters.AddWithValue(written.Id);
            mark.Parameters.AddWithValue(externalId);
            await mark.ExecuteNonQueryAsync(ct);
            await RaiseAsync(tx, Published(written, written.Version, now), ct);
        }
        else if (current.Status == ListingStatus.Published && JsonSerializer.Serialize(current.Content, Json) == JsonSerializer.Serialize(content, Json))
        {
            return (UploadOutcome.Unchanged, current.Id);
        }
        else
        {
            written = current with
            {
                Status = ListingStatus.Published, Version = current.Version + 1, Content = content, UpdatedAt = now, LastConfirmedAt = now,
                PublishedAt = current.PublishedAt ?? now,
            };
            await UpdateRowAsync(tx, written, ct);
            await RaiseAsync(tx, current.Status == ListingStatus.Published
                ? Updated(written, written.Version, now)
                : Published(written, written.Version, now), ct);
        }
        await AddTermsAsync(tx, content, ct);
        await ListingChanges.AppendAsync(tx, [written.Id], ct);
        await tx.CommitAsync(ct);
        return (current is null ? UploadOutcome.Created : UploadOutcome.Updated, written.Id);
    }

    /// <summary>
    /// A new copy of a group this directory already lists from another source (the same origin, or the same name and
    /// postcode with a shared topic) is marked as a duplicate of the first: listed once, with both provenances.
    /// </summary>
    private static async Task MarkDuplicateAsync(DomainTransaction tx, Listing copy, CancellationToken ct)
    {
        await using var command = tx.Command("""
            UPDATE listings SET duplicate_of = coalesce(
                (SELECT d.id FROM listings d
                 WHERE d.origin = $2 AND d.id <> $1 AND d.status = 'published' AND d.duplicate_of IS NULL
                 ORDER BY d.created_at, d.id LIMIT 1),
                -- Found by name (its index); the topic test is written so that the planner cannot pick the topics index
                -- instead, which grows with every listing of a popular topic (imports slowed to a crawl).
                (SELECT d.id FROM listings d
                 WHERE lower(d.name) = lower($3) AND d.postcode = $4 AND d.id <> $1 AND d.status = 'published' AND d.duplicate_of IS NULL
                   AND EXISTS (SELECT FROM unnest(d.topics) t WHERE t = ANY ($5))
                 ORDER BY d.created_at, d.id LIMIT 1))
            WHERE id = $1
            """);
        command.Parameters.AddWithValue(copy.Id);
        command.Parameters.AddWithValue((object?)copy.Provenance?.Origin ?? DBNull.Value);
        command.Parameters.AddWithValue(copy.Content.Name);
        command.Parameters.AddWithValue((object?)copy.Content.Place?.Postcode ?? DBNull.Value);
        command.Parameters.AddWithValue(copy.Content.Topics.ToArray());
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>When the listing shown goes, its duplicates are shown again (for the change log).</summary>
    private static async Task<List<Guid>> PromoteDuplicatesAsync(DomainTransaction tx, Guid id, CancellationToken ct)
    {
        await using var command = tx.Command("UPDATE listings SET duplicate_of = NULL WHERE duplicate_of = $1 RETURNING id");
        command.Parameters.AddWithValue(id);
        var promoted = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) promoted.Add(reader.GetGuid(0));
        return promoted;
    }

    private void AddRowParameters(NpgsqlCommand command, Listing listing)
    {
        command.Parameters.AddWithValue(listing.Id);
        command.Parameters.AddWithValue(listing.OfficeId);
        command.Parameters.AddWithValue(listing.Status);
        command.Parameters.AddWithValue(listing.Version);
        command.Parameters.AddWithValue(listing.CreatedAt);
        command.Parameters.AddWithValue((object?)listing.PublishedAt ?? DBNull.Value);
        AddContentParameters(command, listing);
        var p = listing.Provenance;
        command.Parameters.AddWithValue((object?)p?.PeerId ?? DBNull.Value);
        command.Parameters.AddWithValue((object?)p?.RemoteId ?? DBNull.Value);
        command.Parameters.AddWithValue((object?)p?.RemoteVersion ?? DBNull.Value);
        command.Parameters.AddWithValue((object?)p?.FetchedAt ?? DBNull.Value);
        command.Parameters.AddWithValue((object?)p?.Origin ?? DBNull.Value);
    }

    /// <summary>Parameters $7 to $32 of the insert and the update: the content and everything derived from it.</summary>
    private void AddContentParameters(NpgsqlCommand command, Listing listing)
    {
        var c = listing.Content;
        var (lat, lon, _) = ListingProjection.Coordinates(c, 0);
        command.Parameters.AddWithValue((short)Visibility.Rank(c.Visibility));
        command.Parameters.AddWithValue(JsonSerializer.Serialize(c, Json));
        command.Parameters.AddWithValue(c.Name);
        command.Parameters.AddWithValue(c.Topics.ToArray());
        command.Parameters.AddWithValue(c.Audience);
        command.Parameters.AddWithValue(c.Languages.ToArray());
        command.Parameters.AddWithValue(c.Setting);
        command.Parameters.AddWithValue(c.Accessibility.ToArray());
        command.Parameters.AddWithValue(c.Openness);
        command.Parameters.AddWithValue((object?)c.Place?.Postcode ?? DBNull.Value);
        command.Parameters.AddWithValue((object?)lat ?? DBNull.Value);
        command.Parameters.AddWithValue((object?)lon ?? DBNull.Value);
        (string, string, string, string)? below = null;
        for (var rank = 0; rank <= 2; rank++)
        {
            var texts = ListingProjection.SearchText(c, rank, taxonomy);
            var same = below == texts;
            below = texts;
            var (name, topics, place, text) = texts;
            foreach (var value in new[] { name, topics, place, text })
                command.Parameters.Add(new NpgsqlParameter { Value = same ? DBNull.Value : value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        }
        command.Parameters.AddWithValue(listing.UpdatedAt);
        command.Parameters.AddWithValue(listing.LastConfirmedAt);
    }
}
