using System.Diagnostics.Metrics;
using System.Net.Http.Headers;
using System.Text.Json;
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
    public int PageSize { get; set; } = 500;
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
            while (true)
            {
                var page = await FetchAsync(peer, checkpoint, ct);
                if (!await ApplyAsync(peer, checkpoint, page, ct)) return; // another replica moved the checkpoint
                checkpoint = page.Next;
                if (!page.HasMore) return;
            }
        }
        catch (Exception e) when (e is PeerFailureException or HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            var message = e is PeerFailureException ? e.Message : $"Peer nicht erreichbar. / Peer unreachable ({e.GetType().Name}).";
            logger.LogWarning("Pull from peer {Peer} failed: {Error}", peer.Id, message);
            await peers.FailedAsync(peer.Id, message, options.Value.RetryDelay, CancellationToken.None);
        }
    }

    private async Task<FeedPage> FetchAsync(Peer peer, string checkpoint, CancellationToken ct)
    {
        using var client = http.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Get,
            new Uri(peer.BaseUrl, $"federation/v1/listings?since={Uri.EscapeDataString(checkpoint)}&limit={options.Value.PageSize}"));
        if (peer.Key is { } key) request.Headers.Add(FederationKeys.Header, key);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await client.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode) throw new PeerFailureException($"Peer antwortete {(int)response.StatusCode}. / Peer answered {(int)response.StatusCode}.");
        try
        {
            var page = await response.Content.ReadFromJsonAsync<FeedPage>(Json, ct);
            if (page?.Items is null || page.Next is null || page.Items.Any(i => i is null || i.Id is null || (!i.Deleted && i.Service is null)))
                throw new JsonException("missing items, next or an entry's service");
            return page;
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            throw new PeerFailureException("Antwort des Peers ist kein gültiger Feed. / The peer's answer is not a valid feed.");
        }
    }

    /// <returns>False when the checkpoint was moved meanwhile (nothing applied).</returns>
    private async Task<bool> ApplyAsync(Peer peer, string checkpoint, FeedPage page, CancellationToken ct)
    {
        var instance = (await feed.InstanceIdAsync(ct)).ToString();
        await using var tx = await outbox.BeginAsync(ct);
        await using (var claim = tx.Command("SELECT 1 FROM federation_peers WHERE id = $1 AND checkpoint = $2 FOR UPDATE"))
        {
            claim.Parameters.AddWithValue(peer.Id);
            claim.Parameters.AddWithValue(checkpoint);
            if (await claim.ExecuteScalarAsync(ct) is null) return false;
        }
        var changed = new List<Guid>();
        var rejected = 0;
        foreach (var item in page.Items)
        {
            if (item.Origin?.StartsWith(instance + "/", StringComparison.Ordinal) == true) continue; // our own, come back round
            var officeId = item.Organization?.Id;
            if (!item.Deleted && (officeId is null || (peer.Offices.Count > 0 && !peer.Offices.Contains(officeId)))) continue;
            ListingContent? content = null;
            if (!item.Deleted)
            {
                if (ListingRules.Validate(FeedMapping.ToRequest(item, taxonomy), taxonomy, out content).Count > 0 || content is null
                    || !await EnsureOfficeAsync(tx, peer.Id, item.Organization!, ct))
                {
                    rejected++;
                    continue;
                }
            }
            var id = await store.ImportAsync(tx, new ImportedListing(peer.Id, item.Id, item.Version, item.Origin, officeId ?? "", content,
                item.Service?.LastConfirmed), ct);
            changed.AddRange(id);
        }
        if (changed.Count > 0) await ListingChanges.AppendAsync(tx, changed, ct);
        var now = clock.GetUtcNow();
        var lagSeconds = page.OldestRemainingAt is { } oldest ? Math.Max(0, (now - oldest).TotalSeconds) : 0;
        await using (var update = tx.Command("""
            UPDATE federation_peers SET checkpoint = $2, last_attempt_at = $3, last_success_at = $3, consecutive_failures = 0,
                next_attempt_at = NULL, imported_changes = imported_changes + $4, lag_changes = $5, lag_seconds = $6,
                last_error = CASE WHEN $7 > 0 THEN $7 || ' Einträge abgelehnt (ungültig oder Büro-Kennung belegt). / entries rejected (invalid or office id taken).' END
            WHERE id = $1
            """))
        {
            update.Parameters.AddWithValue(peer.Id);
            update.Parameters.AddWithValue(page.Next);
            update.Parameters.AddWithValue(now);
            update.Parameters.AddWithValue((long)changed.Count);
            update.Parameters.AddWithValue(page.Remaining);
            update.Parameters.AddWithValue(lagSeconds);
            update.Parameters.AddWithValue(rejected);
            await update.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        _imported?.Add(changed.Count, new KeyValuePair<string, object?>("peer", peer.Id));
        lock (_lag) _lag[peer.Id] = (page.Remaining, lagSeconds);
        return true;
    }

    /// <summary>The peer's office, created here on first sight; false when a local office or another peer's has its id.</summary>
    private static async Task<bool> EnsureOfficeAsync(DomainTransaction tx, string peerId, FeedOrganization organization, CancellationToken ct)
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(organization.Id, "^[a-z0-9]+(-[a-z0-9]+)*$") || organization.Name is not { Length: > 0 and <= 200 })
            return false;
        await using var command = tx.Command("""
            WITH created AS (
                INSERT INTO offices (id, name, peer_id) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING RETURNING peer_id)
            SELECT peer_id FROM created UNION ALL SELECT peer_id FROM offices WHERE id = $1
            """);
        command.Parameters.AddWithValue(organization.Id);
        command.Parameters.AddWithValue(organization.Name);
        command.Parameters.AddWithValue(peerId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) && !reader.IsDBNull(0) && reader.GetString(0) == peerId;
    }
}
