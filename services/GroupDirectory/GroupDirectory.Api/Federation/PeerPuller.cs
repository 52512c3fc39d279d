using System.Buffers;
using System.Diagnostics.Metrics;
using System.Net.Http.Headers;
using System.Text.Json;
using Selbsthilfe.GroupDirectory.Api.Domain;
using Selbsthilfe.GroupDirectory.Api.Listings;
using Selbsthilfe.GroupDirectory.Api.Taxonomy;
using Selbsthilfe.Messaging.Outbox;

namespace Selbsthilfe.GroupDirectory.Api.Federation;

public sealed class FederationOptions
{
    /// <summary>How often each replica looks for peers that are due.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>The first retry delay after a failure; it doubles with each further failure.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>How long a peer may take for one page, from the request to its last byte.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>Entries per page, each page one transaction: the feed's largest, since a page is applied set-based.</summary>
    public int PageSize { get; set; } = ChangeFeed.MaxLimit;
}

/// <summary>A pull that failed for a reason worth showing to an admin (never with a listing's content in it).</summary>
public sealed class PeerFailureException(string message) : Exception(message);

/// <summary>
/// Follows each registered peer's feed from its checkpoint. A page is applied in one transaction together with the new
/// checkpoint, and only if the checkpoint is still the one it was read from: a restart at any point, or two replicas
/// pulling at once, neither loses nor repeats a change. Entries that came from this instance (their origin) are
/// skipped, so two instances that follow each other do not echo.
/// </summary>
public sealed class PeerPuller(
    Peers peers, ListingStore store, ChangeFeed feed, TransactionalOutbox outbox, TopicTaxonomy taxonomy, IHttpClientFactory http,
    Microsoft.Extensions.Options.IOptions<FederationOptions> options, TimeProvider clock, ILogger<PeerPuller> logger, IMeterFactory meters)
    : BackgroundService
{
    public const string HttpClientName = "federation";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Dictionary<string, (long Changes, double Seconds)> _lag = [];
    private Counter<long>? _imported;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var meter = meters.Create("Selbsthilfe.Directory.Federation");
        _imported = meter.CreateCounter<long>("directory.federation.imported", "{change}", "Changes imported from peers");
        meter.CreateObservableGauge("directory.federation.lag.changes", () => Lag(l => l.Changes), "{change}", "Changes a peer has that we have not fetched");
        meter.CreateObservableGauge("directory.federation.lag.seconds", () => Lag(l => l.Seconds), "s", "Age of the oldest change not fetched yet");
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var peer in await peers.DueAsync(stoppingToken)) await PullAsync(peer, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Federation round failed");
            }
            try { await Task.Delay(options.Value.PollInterval, clock, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    private List<Measurement<T>> Lag<T>(Func<(long Changes, double Seconds), T> pick) where T : struct
    {
        lock (_lag) return _lag.Select(p => new Measurement<T>(pick(p.Value), new KeyValuePair<string, object?>("peer", p.Key))).ToList();
    }

    /// <summary>Fetches and applies pages until the peer has nothing more; records a failure for the admin and backs off.</summary>
    public async Task PullAsync(Peer peer, CancellationToken ct)
    {
        var checkpoint = peer.Checkpoint;
        try
        {
            if (peer.Format == "meeting-guide")
            {
                await PullMeetingGuideAsync(peer, ct);
                return;
            }
            // The next page is fetched, checked and given its search documents while this one is applied (the peer and
            // a second connection work while the page's transaction does); a page is still applied only after the one
            // before it has committed, so the checkpoint moves in order.
            var instance = (await feed.InstanceIdAsync(ct)).ToString();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var next = PrepareAsync(peer, instance, checkpoint, stop.Token);
            var rejected = 0; // refused so far in this pull: a clean page after a refusal must not clear the report
            try
            {
                while (true)
                {
                    var prepared = await next;
                    var page = prepared.Page;
                    // Started on the thread pool: PrepareAsync runs synchronously up to its first await that waits, and a
                    // peer whose answer is at hand (a fast network, a proxy's cache) had the whole page read, checked and
                    // analysed before this page was applied, not beside it.
                    if (page.HasMore) next = Task.Run(() => PrepareAsync(peer, instance, page.Next, stop.Token), CancellationToken.None);
                    if (await ApplyAsync(peer, checkpoint, prepared, rejected, ct) is not { } total) return; // another replica moved the checkpoint
                    rejected = total;
                    checkpoint = page.Next;
                    if (!page.HasMore) return;
                }
            }
            finally
            {
                // A fetch still running when this pull ends (failed, or overtaken) is stopped and its outcome dropped.
                await stop.CancelAsync();
                await next.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
        catch (Exception e) when (e is PeerFailureException or HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            var message = e is PeerFailureException ? e.Message : $"Peer nicht erreichbar. / Peer unreachable ({e.GetType().Name}).";
            logger.LogWarning("Pull from peer {Peer} failed: {Error}", peer.Id, message);
            await peers.FailedAsync(peer.Id, message, options.Value.RetryDelay, CancellationToken.None);
        }
    }

    /// <summary>A page, with the reasons for the entries that could not be read (a feed that is not one fails the pull).</summary>
    private async Task<ReadFeedPage> FetchAsync(Peer peer, string checkpoint, CancellationToken ct)
    {
        using var client = http.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Get,
            new Uri(new Uri(peer.BaseUrl.TrimEnd('/') + "/"), $"{Routes.Federation.TrimStart('/')}/listings?since={Uri.EscapeDataString(checkpoint)}&limit={options.Value.PageSize}"));
        if (peer.Key is { } key) request.Headers.Add(FederationKeys.Header, key);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        // The answer is read whole, within the client's timeout, and parsed in one pass: each entry is read on its own
        // (FeedJson), which a stream would first have to buffer and scan anyway. It goes into a pooled buffer: a page is
        // megabytes, and a new array for each (the client's own buffering makes two) set off a full garbage collection
        // every few pages of an import.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(client.Timeout);
        byte[]? buffer = null;
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode) throw new PeerFailureException($"Peer antwortete {(int)response.StatusCode}. / Peer answered {(int)response.StatusCode}.");
            buffer = ArrayPool<byte>.Shared.Rent(response.Content.Headers.ContentLength is > 0 and < MaxPageBytes and var announced ? (int)announced + 1 : 1 << 20);
            var length = 0;
            await using (var body = await response.Content.ReadAsStreamAsync(timeout.Token))
            {
                int read;
                while ((read = await body.ReadAsync(buffer.AsMemory(length), timeout.Token)) > 0)
                {
                    length += read;
                    if (length < buffer.Length) continue;
                    if (length >= MaxPageBytes) throw new PeerFailureException("Seite des Peers ist zu groß. / The peer's page is too large.");
                    var larger = ArrayPool<byte>.Shared.Rent(2 * buffer.Length);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }
            return FeedJson.ReadPage(buffer.AsSpan(0, length));
        }
        catch (JsonException)
        {
            throw new PeerFailureException("Antwort des Peers ist kein gültiger Feed. / The peer's answer is not a valid feed.");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new PeerFailureException("Peer antwortete nicht rechtzeitig. / The peer did not answer in time.");
        }
        finally
        {
            if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A feed page is a few megabytes; an answer past this is no page to hold in memory.</summary>
    private const int MaxPageBytes = 256 << 20;

    /// <summary>A fetched page: the entries to import (a withdrawal has no content), how many were refused, and the documents.</summary>
    private sealed record PreparedPage(FeedPage Page, List<(FeedItem Item, ListingContent? Content)> Entries, int Rejected, SearchDocuments Documents);

    /// <summary>
    /// Fetches a page and does what needs no transaction: checking each entry and building the search documents. An
    /// entry that cannot be read or is not a valid listing is refused alone, with its reason in the log (entry number,
    /// field names, never a value).
    /// </summary>
    private async Task<PreparedPage> PrepareAsync(Peer peer, string instance, string checkpoint, CancellationToken ct)
    {
        var (page, unreadable) = await FetchAsync(peer, checkpoint, ct);
        var refused = unreadable.ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var entries = new List<(FeedItem Item, ListingContent? Content)>();
        foreach (var entry in page.Items)
        {
            if (!seen.Add(entry.Id)) continue; // a feed lists each listing once per page; a second entry is not trusted
            if (entry.Origin?.StartsWith(instance + "/", StringComparison.Ordinal) == true) continue; // our own, come back round
            var item = ForeignFeeds.Resolve(entry);
            var officeId = item.Organization?.Id;
            if (!item.Deleted && officeId is null)
            {
                refused.Add($"Eintrag {item.Id}: organization fehlt / entry {item.Id}: organization missing");
                continue;
            }
            if (!item.Deleted && peer.Offices.Count > 0 && !peer.Offices.Contains(officeId!)) continue;
            ListingContent? content = null;
            if (!item.Deleted)
            {
                var errors = ListingRules.Validate(FeedMapping.ToRequest(item, taxonomy), taxonomy, out content);
                if (errors.Count > 0 || content is null)
                {
                    refused.Add($"Eintrag {item.Id}: ungültig ({string.Join(", ", errors.Keys)}) / entry {item.Id}: invalid ({string.Join(", ", errors.Keys)})");
                    continue;
                }
            }
            entries.Add((item, content));
        }
        if (refused.Count > 0 && logger.IsEnabled(LogLevel.Information))
            logger.LogInformation("Peer {Peer}: {Count} entries of a page refused: {Reasons}", peer.Id, refused.Count, string.Join("; ", refused.Take(20)));
        var documents = await store.DocumentsAsync(entries.Where(e => e.Content is not null).Select(e => e.Content!).ToList(), ct);
        return new PreparedPage(page, entries, refused.Count, documents);
    }

    /// <param name="rejectedBefore">Entries refused on the pull's earlier pages.</param>
    /// <returns>The entries refused so far in the pull; null when the checkpoint was moved meanwhile (nothing applied).</returns>
    private async Task<int?> ApplyAsync(Peer peer, string checkpoint, PreparedPage prepared, int rejectedBefore, CancellationToken ct)
    {
        var (page, entries, rejected, documents) = prepared;
        rejected += rejectedBefore;
        await using var tx = await outbox.BeginAsync(ct);
        await using (var claim = tx.Command("SELECT 1 FROM federation_peers WHERE id = $1 AND checkpoint = $2 FOR UPDATE"))
        {
            claim.Parameters.AddWithValue(peer.Id);
            claim.Parameters.AddWithValue(checkpoint);
            if (await claim.ExecuteScalarAsync(ct) is null) return null;
        }
        var held = await store.LockCopiesAsync(tx, peer.Id, page.Items.Select(i => i.Id).ToList(), ct);
        var offices = await EnsureOfficesAsync(tx, peer.Id, entries.Where(e => !e.Item.Deleted).Select(e => e.Item.Organization!).ToList(), ct);
        var imported = new List<ImportedListing>();
        foreach (var (item, content) in entries)
        {
            if (!item.Deleted && !offices.Contains(item.Organization!.Id))
            {
                rejected++;
                continue;
            }
            imported.Add(new ImportedListing(peer.Id, item.Id, item.Version, item.Origin, item.Organization?.Id ?? "", content, item.Service?.LastConfirmed));
        }
        var changed = await store.ImportAsync(tx, imported, held, ct, documents);
        var now = clock.GetUtcNow();
        var lagSeconds = page.OldestRemainingAt is { } oldest ? Math.Max(0, (now - oldest).TotalSeconds) : 0;
        await CompleteAsync(tx, peer.Id, page.Next, changed, page.Remaining, lagSeconds, rejected, ct);
        return rejected;
    }

    /// <summary>Appends the page's changes to our log, moves the checkpoint and records success, then commits.</summary>
    private async Task CompleteAsync(DomainTransaction tx, string peerId, string checkpoint, IReadOnlyList<Guid> changed, long remaining,
        double lagSeconds, int rejected, CancellationToken ct)
    {
        if (changed.Count > 0) await ListingChanges.AppendAsync(tx, changed, ct);
        await using (var update = tx.Command("""
            UPDATE federation_peers SET checkpoint = $2, last_attempt_at = $3, last_success_at = $3, consecutive_failures = 0,
                next_attempt_at = NULL, imported_changes = imported_changes + $4, lag_changes = $5, lag_seconds = $6,
                last_error = CASE WHEN $7 > 0 THEN $7 || ' Einträge abgelehnt (ungültig oder Büro-Kennung belegt). / entries rejected (invalid or office id taken).' END
            WHERE id = $1
            """))
        {
            update.Parameters.AddWithValue(peerId);
            update.Parameters.AddWithValue(checkpoint);
            update.Parameters.AddWithValue(clock.GetUtcNow());
            update.Parameters.AddWithValue((long)changed.Count);
            update.Parameters.AddWithValue(remaining);
            update.Parameters.AddWithValue(lagSeconds);
            update.Parameters.AddWithValue(rejected);
            await update.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        _imported?.Add(changed.Count, new KeyValuePair<string, object?>("peer", peerId));
        lock (_lag) _lag[peerId] = (remaining, lagSeconds);
    }

    /// <summary>
    /// A Meeting Guide file has no change feed: the whole list is read and compared with the copies held (the file's
    /// hash is the checkpoint). New and changed meetings are imported, meetings no longer listed are withdrawn, all in
    /// one transaction.
    /// </summary>
    private async Task PullMeetingGuideAsync(Peer peer, CancellationToken ct)
    {
        using var client = http.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Get, peer.BaseUrl);
        if (peer.Key is { } key) request.Headers.Add(FederationKeys.Header, key);
        using var response = await client.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode) throw new PeerFailureException($"Peer antwortete {(int)response.StatusCode}. / Peer answered {(int)response.StatusCode}.");
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        var parsed = MeetingGuide.Parse(bytes, new MeetingGuideDefaults(peer.DefaultTopics));
        if (parsed.Errors.Count > 0)
            throw new PeerFailureException("Antwort des Peers ist keine gültige Meeting-Guide-Datei. / The peer's answer is not a valid Meeting Guide file.");
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes));

        await using var tx = await outbox.BeginAsync(ct);
        await using (var claim = tx.Command("SELECT checkpoint FROM federation_peers WHERE id = $1 FOR UPDATE"))
        {
            claim.Parameters.AddWithValue(peer.Id);
            if (await claim.ExecuteScalarAsync(ct) is not string checkpoint || checkpoint != peer.Checkpoint) return;
        }
        IReadOnlyList<Guid> changed = [];
        var rejected = 0;
        if (hash != peer.Checkpoint && (await EnsureOfficesAsync(tx, peer.Id, [new FeedOrganization(peer.Id, peer.OfficeName ?? peer.Id)], ct)).Count > 0)
        {
            var held = await store.LockCopiesAsync(tx, peer.Id, null, ct);
            var listed = new HashSet<string>(StringComparer.Ordinal);
            var imported = new List<ImportedListing>();
            foreach (var meeting in parsed.Meetings)
            {
                // A meeting that does not take place now is listed, but not here: a copy held is withdrawn below.
                if (meeting is { Inactive: true, Errors.Count: 0 }) continue;
                if (meeting.Slug is not { } slug || meeting.Errors.Count > 0 || !listed.Add(slug)
                    || ListingRules.Validate(meeting.Request, taxonomy, out var content).Count > 0 || content is null)
                {
                    rejected++;
                    continue;
                }
                var copy = held.GetValueOrDefault(slug);
                if (copy is { Status: ListingStatus.Published }
                    && JsonSerializer.Serialize(copy.Content, Json) == JsonSerializer.Serialize(content, Json)) continue;
                var version = (copy?.Provenance?.RemoteVersion ?? 0) + 1;
                imported.Add(new ImportedListing(peer.Id, slug, version, null, peer.Id, content, null));
            }
            foreach (var (slug, copy) in held.Where(h => h.Value.Status == ListingStatus.Published && !listed.Contains(h.Key)))
            {
                var version = copy.Provenance!.RemoteVersion + 1;
                imported.Add(new ImportedListing(peer.Id, slug, version, null, peer.Id, null, null));
            }
            changed = await store.ImportAsync(tx, imported, held, ct);
        }
        await CompleteAsync(tx, peer.Id, hash, changed, 0, 0, rejected, ct);
    }

    /// <summary>
    /// The peer's offices, created here on first sight (one statement per page); left out are those whose id a local
    /// office or another peer's has, and those with an id or name we cannot take.
    /// </summary>
    private static async Task<HashSet<string>> EnsureOfficesAsync(DomainTransaction tx, string peerId, IReadOnlyList<FeedOrganization> organizations,
        CancellationToken ct)
    {
        var valid = organizations.Where(o => OfficeRules.IsSlug(o.Id) && o.Name is { Length: > 0 and <= OfficeRules.MaxNameLength })
            .DistinctBy(o => o.Id).OrderBy(o => o.Id, StringComparer.Ordinal).ToList();
        var ours = new HashSet<string>(StringComparer.Ordinal);
        if (valid.Count == 0) return ours;
        await using var command = tx.Command("""
            WITH created AS (
                INSERT INTO offices (id, name, peer_id) SELECT id, name, $3 FROM unnest($1::text[], $2::text[]) AS o (id, name)
                ON CONFLICT (id) DO NOTHING RETURNING id)
            SELECT id FROM created UNION ALL SELECT id FROM offices WHERE id = ANY ($1) AND peer_id = $3
            """);
        command.Parameters.AddWithValue(valid.Select(o => o.Id).ToArray());
        command.Parameters.AddWithValue(valid.Select(o => o.Name).ToArray());
        command.Parameters.AddWithValue(peerId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) ours.Add(reader.GetString(0));
        return ours;
    }
}
