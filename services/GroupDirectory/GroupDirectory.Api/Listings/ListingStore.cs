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
        await ListingRows.InsertAsync(tx, [listing], null, taxonomy, ct);
        await AddTermsAsync(tx, [listing.Content], ct);
        await ListingChanges.AppendAsync(tx, [listing.Id], ct);
        return listing;
    }

    /// <summary>
    /// Creates many published listings of existing offices in one transaction, each raising ListingPublished: the
    /// set-based path of imports, for loading a directory in bulk (benchmark data).
    /// </summary>
    public async Task<IReadOnlyList<Guid>> PublishNewAsync(IReadOnlyList<(string OfficeId, ListingContent Content)> listings, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var created = listings.Select(l => new Listing(Guid.CreateVersion7(), l.OfficeId, "", ListingStatus.Published, 1, l.Content, now, now, now, now))
            .ToList();
        await using var tx = await outbox.BeginAsync(ct);
        await ListingRows.InsertAsync(tx, created, null, taxonomy, ct);
        await tx.RaiseAllAsync(created.Select(l => (l.Id.ToString(), (object)Published(l, l.Version, now))).ToList(), ct);
        await AddTermsAsync(tx, listings.Select(l => l.Content), ct);
        var ids = created.Select(l => l.Id).ToList();
        await ListingChanges.AppendAsync(tx, ids, ct);
        await tx.CommitAsync(ct);
        return ids;
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
        await ListingRows.UpdateAsync(tx, [changed], taxonomy, ct);
        if (integrationEvent is not null) await tx.RaiseAllAsync([(changed.Id.ToString(), integrationEvent)], ct);
        await AddTermsAsync(tx, [changed.Content], ct);
        var promoted = changed.Status == ListingStatus.Withdrawn ? await PromoteDuplicatesAsync(tx, [changed.Id], ct) : [];
        await ListingChanges.AppendAsync(tx, [changed.Id, .. promoted], ct);
        await tx.CommitAsync(ct);
        return new(WriteOutcome.Done, changed);
    }

    /// <summary>
    /// Adds the listing's words to the typo dictionary, in sorted order, so two writers never wait on each other's words
    /// in opposite orders. Then, as the very last step before commit, the caller appends to the change log.
    /// </summary>
    private static Task AddTermsAsync(DomainTransaction tx, IEnumerable<ListingContent> contents, CancellationToken ct) =>
        AddTermsAsync(tx, SearchTerms.Of(contents), ct);

    private static async Task AddTermsAsync(DomainTransaction tx, IReadOnlyList<(string Folded, string Word)> terms, CancellationToken ct)
    {
        if (terms.Count == 0) return;
        await using var words = tx.Command("""
            INSERT INTO search_terms (folded, word) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (folded) DO NOTHING
            """);
        words.Parameters.AddWithValue(terms.Select(t => t.Folded).ToArray());
        words.Parameters.AddWithValue(terms.Select(t => t.Word).ToArray());
        await words.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Applies entries of a peer's feed inside the caller's transaction (one per feed page), set-based: creates,
    /// updates or withdraws the local copies and raises the same events as local changes, each kind of write in one
    /// statement for the whole page. An entry is applied once: a version not newer than the one held is ignored, so a
    /// page read twice changes nothing. New copies are matched as duplicates against what was listed before the page
    /// and against the page's earlier new copies, in page order. Returns the ids of the listings changed (for the change
    /// log, which the caller appends once per page).
    /// </summary>
    /// <param name="items">Entries with distinct remote ids, in feed order.</param>
    /// <param name="held">The copies of these entries, locked with <see cref="LockCopiesAsync"/>.</param>
    /// <param name="documents">Search documents built before (<see cref="DocumentsAsync"/>); those missing are built here.</param>
    public async Task<IReadOnlyList<Guid>> ImportAsync(DomainTransaction tx, IReadOnlyList<ImportedListing> items,
        IReadOnlyDictionary<string, Listing> held, CancellationToken ct, SearchDocuments? documents = null)
    {
        var now = clock.GetUtcNow();
        var created = new List<Listing>();
        var updated = new List<Listing>();
        var withdrawn = new List<Guid>();
        var events = new List<(string, object)>();
        var terms = new List<ListingContent>();
        var changed = new List<Guid>();
        foreach (var item in items)
        {
            var current = held.GetValueOrDefault(item.RemoteId);
            if (current?.Provenance is { } copy && copy.RemoteVersion >= item.RemoteVersion) continue;
            var provenance = new Provenance(item.PeerId, item.RemoteId, item.RemoteVersion, now, item.Origin);
            Listing written;
            object raised;
            if (item.Content is null)
            {
                if (current is null || current.Status != ListingStatus.Published) continue;
                written = current with { Status = ListingStatus.Withdrawn, Version = current.Version + 1, UpdatedAt = now, Provenance = provenance };
                raised = new ListingWithdrawn { ListingId = current.Id, OfficeId = current.OfficeId, Version = written.Version, OccurredAt = now };
                updated.Add(written);
                withdrawn.Add(written.Id);
            }
            else if (current is null)
            {
                written = new Listing(Guid.CreateVersion7(), item.OfficeId, "", ListingStatus.Published, 1, item.Content, now, now, now,
                    item.LastConfirmedAt ?? now, provenance);
                raised = Published(written, written.Version, now);
                created.Add(written);
                terms.Add(written.Content);
            }
            else
            {
                written = current with
                {
                    OfficeId = item.OfficeId, Status = ListingStatus.Published, Version = current.Version + 1, Content = item.Content, UpdatedAt = now,
                    PublishedAt = current.PublishedAt ?? now, LastConfirmedAt = item.LastConfirmedAt ?? now, Provenance = provenance,
                };
                raised = current.Status == ListingStatus.Published ? Updated(written, written.Version, now) : Published(written, written.Version, now);
                updated.Add(written);
                terms.Add(written.Content);
            }
            events.Add((written.Id.ToString(), raised));
            changed.Add(written.Id);
        }
        // Serialising the contents and events and gathering the words need no database: they run on the thread pool while
        // PostgreSQL looks for duplicates and writes the rows. This transaction holds up the next page of an import.
        var json = Task.Run(() => ListingRows.Serialize(created.Concat(updated).Select(l => l.Content)), CancellationToken.None);
        var serialized = Task.Run(() => DomainTransaction.Serialize(events), CancellationToken.None);
        var words = Task.Run(() => SearchTerms.Of(terms), CancellationToken.None);
        var duplicates = await DuplicateCopies.FindAsync(tx, created, ct);
        await ListingRows.InsertAsync(tx, created, duplicates, taxonomy, ct, documents, await json);
        await ListingRows.UpdateAsync(tx, updated, taxonomy, ct, documents, await json);
        await tx.RaiseAllAsync(await serialized, ct);
        await AddTermsAsync(tx, await words, ct);
        changed.AddRange(await PromoteDuplicatesAsync(tx, withdrawn, ct));
        return changed;
    }

    /// <summary>
    /// The search documents of contents about to be imported, built outside any transaction (on a connection of their
    /// own) so that building them can overlap with writing the page before.
    /// </summary>
    public Task<SearchDocuments> DocumentsAsync(IReadOnlyCollection<ListingContent> contents, CancellationToken ct) =>
        SearchDocuments.BuildAsync(db.CreateCommand, contents, taxonomy, ct);

    /// <summary>
    /// The copies held of a peer's entries (all of them when <paramref name="remoteIds"/> is null), locked for the rest
    /// of the transaction: one query per feed page.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, Listing>> LockCopiesAsync(DomainTransaction tx, string peerId, IReadOnlyCollection<string>? remoteIds,
        CancellationToken ct)
    {
        // Two statements, not "$2 IS NULL OR …": one plan for both would scan all of the peer's copies for every page.
        await using var select = tx.Command(Select + (remoteIds is null ? " WHERE l.peer_id = $1" : " WHERE l.peer_id = $1 AND l.remote_id = ANY ($2)")
            + " ORDER BY l.id FOR UPDATE OF l");
        select.Parameters.AddWithValue(peerId);
        if (remoteIds is not null) select.Parameters.AddWithValue(remoteIds.ToArray());
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
            await ListingRows.InsertAsync(tx, [written], null, taxonomy, ct);
            await using var mark = tx.Command("UPDATE listings SET external_id = $2 WHERE id = $1");
            mark.Parameters.AddWithValue(written.Id);
            mark.Parameters.AddWithValue(externalId);
            await mark.ExecuteNonQueryAsync(ct);
            await tx.RaiseAllAsync([(written.Id.ToString(), Published(written, written.Version, now))], ct);
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
            await ListingRows.UpdateAsync(tx, [written], taxonomy, ct);
            await tx.RaiseAllAsync([(written.Id.ToString(), current.Status == ListingStatus.Published
                ? Updated(written, written.Version, now)
                : Published(written, written.Version, now))], ct);
        }
        await AddTermsAsync(tx, [content], ct);
        await ListingChanges.AppendAsync(tx, [written.Id], ct);
        await tx.CommitAsync(ct);
        return (current is null ? UploadOutcome.Created : UploadOutcome.Updated, written.Id);
    }

    /// <summary>When the listing shown goes, its duplicates are shown again (for the change log).</summary>
    private static async Task<List<Guid>> PromoteDuplicatesAsync(DomainTransaction tx, List<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        await using var command = tx.Command("UPDATE listings SET duplicate_of = NULL WHERE duplicate_of = ANY ($1) RETURNING id");
        command.Parameters.AddWithValue(ids.ToArray());
        var promoted = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) promoted.Add(reader.GetGuid(0));
        return promoted;
    }
}
