using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry;

namespace Selbsthilfe.Messaging.Outbox;

/// <summary>
/// Publishes committed outbox rows. Each round claims unsent rows with <c>FOR UPDATE SKIP LOCKED</c> (so relays in
/// several replicas share the work), publishes them with publisher confirms, in order per aggregate, and marks them
/// sent in the same transaction, only after the broker confirmed. A relay that dies after publishing and before the
/// commit leaves the rows unsent and unlocked: they are published again with the same message id, and the consumers'
/// inbox skips the duplicate. Woken in-process after a commit, by NOTIFY from other replicas when enabled, and by
/// polling.
/// </summary>
internal sealed partial class OutboxRelay(
    NpgsqlDataSource dataSource,
    IBus bus,
    OutboxSignal signal,
    MessagingMetrics metrics,
    IOptions<MessagingOptions> options,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    public const string Channel = "outbox_messages";
    internal static readonly ActivitySource Activities = new(MessagingMetrics.Name);

    /// <summary>Test seam: runs after a round's publishes and before they are marked sent.</summary>
    internal Func<Task>? AfterPublishBeforeMark { get; set; }

    private OutboxOptions Options => options.Value.Outbox;

    /// <summary>When a full round next counts the backlog (a <see cref="Stopwatch"/> timestamp).</summary>
    private long _nextBacklogCount;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var listening = ListenForOtherReplicasAsync(stoppingToken);
        try
        {
            await RelayUntilStoppedAsync(stoppingToken);
        }
        finally
        {
            try { await listening; } catch (OperationCanceledException) { }
        }
    }

    private async Task RelayUntilStoppedAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        var nextCleanup = DateTimeOffset.UtcNow;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var (claimed, published) = await RelayRoundAsync(stoppingToken);
                failures = 0;
                if (DateTimeOffset.UtcNow >= nextCleanup)
                {
                    nextCleanup = DateTimeOffset.UtcNow + Options.CleanupInterval;
                    await CleanUpAsync(stoppingToken);
                }
                // A full batch that made progress means more may be waiting; rows blocked behind another relay do not.
                if (claimed >= Options.BatchSize && published > 0) continue;
                await signal.WaitAsync(Options.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Broker or database away: nothing is lost (rows stay unsent); back off up to 30 s, with jitter so
                // that replicas do not retry in lockstep.
                failures++;
                var delay = TimeSpan.FromMilliseconds(Math.Min(30_000, 250 * Math.Pow(2, Math.Min(failures, 7))) * (0.5 + Random.Shared.NextDouble() / 2));
                LogRoundFailed(logger, ex, failures, delay.TotalMilliseconds);
                await Task.Delay(delay, stoppingToken);
            }
        }
    }

    internal async Task<(int Claimed, int Published)> RelayRoundAsync(CancellationToken ct)
    {
        // The relay's own queries run every poll interval in every replica: traced, they would bury the traces that
        // matter. Only the publish of each message is traced, as part of the trace that raised it.
        var untraced = SuppressInstrumentationScope.Begin();
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);

            var rows = await ClaimAsync(connection, transaction, ct);
            // Counting the backlog visits every unsent row. Under a bulk load (a federation import raises 100,000 events)
            // counting it every round of BatchSize rows cost PostgreSQL more than relaying them; a gauge needs it once per
            // poll interval. A round short of a full batch counts at once: little is left then, so the count is cheap
            // and an idle relay reports an empty backlog without delay.
            if (rows.Count < Options.BatchSize || Stopwatch.GetTimestamp() >= _nextBacklogCount)
            {
                await UpdateBacklogAsync(connection, transaction, ct);
                _nextBacklogCount = Stopwatch.GetTimestamp() + (long)(Options.PollInterval.TotalSeconds * Stopwatch.Frequency);
            }
            if (rows.Count == 0) return (0, 0);
            var blocked = await BlockedAggregatesAsync(connection, transaction, rows, ct);

            untraced.Dispose();
            var published = await PublishAsync(rows.Where(r => !blocked.Contains(r.AggregateId)), ct);
            untraced = SuppressInstrumentationScope.Begin();
            if (AfterPublishBeforeMark is { } hook) await hook();

            if (published.Count > 0)
            {
                await using var mark = new NpgsqlCommand("UPDATE outbox_messages SET sent_at = now() WHERE id = ANY($1)", connection, transaction);
                mark.Parameters.AddWithValue(published.ToArray());
                await mark.ExecuteNonQueryAsync(ct);
            }
            await transaction.CommitAsync(ct);
            metrics.Published(published.Count);
            return (rows.Count, published.Count);
        }
        finally
        {
            untraced.Dispose();
        }
    }

    private async Task<List<OutboxRow>> ClaimAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await using var claim = new NpgsqlCommand("""
            SELECT id, message_id, aggregate_id, message_type, payload::text, trace_parent, trace_state
            FROM outbox_messages
            WHERE sent_at IS NULL
            ORDER BY id
            LIMIT $1
            FOR UPDATE SKIP LOCKED
            """, connection, transaction);
        claim.Parameters.AddWithValue(Options.BatchSize);
        var rows = new List<OutboxRow>();
        await using var reader = await claim.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new OutboxRow(reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6)));
        }
        return rows;
    }

    /// <summary>
    /// Aggregates with an earlier unsent row outside this batch (claimed by another relay right now): publishing ours
    /// would overtake it, so they wait for a later round.
    /// </summary>
    private static async Task<HashSet<string>> BlockedAggregatesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<OutboxRow> rows, CancellationToken ct)
    {
        var firsts = rows.GroupBy(r => r.AggregateId).Select(g => (Aggregate: g.Key, First: g.Min(r => r.Id))).ToList();
        await using var query = new NpgsqlCommand("""
            SELECT DISTINCT o.aggregate_id
            FROM outbox_messages o
            JOIN unnest($1::text[], $2::bigint[]) AS b(aggregate_id, first_id)
              ON o.aggregate_id = b.aggregate_id AND o.id < b.first_id
            WHERE o.sent_at IS NULL
            """, connection, transaction);
        query.Parameters.AddWithValue(firsts.Select(f => f.Aggregate).ToArray());
        query.Parameters.AddWithValue(firsts.Select(f => f.First).ToArray());
        var blocked = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await query.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) blocked.Add(reader.GetString(0));
        return blocked;
    }

    /// <summary>
    /// Publishes aggregates side by side and each aggregate's rows one after another. A failed row stops its
    /// aggregate for this round, so nothing overtakes it.
    /// </summary>
    private async Task<List<long>> PublishAsync(IEnumerable<OutboxRow> rows, CancellationToken ct)
    {
        var published = new List<long>();
        Exception? failure = null;
        await Parallel.ForEachAsync(
            rows.GroupBy(r => r.AggregateId),
            new ParallelOptions { MaxDegreeOfParallelism = Options.PublishConcurrency, CancellationToken = ct },
            async (aggregate, token) =>
            {
                foreach (var row in aggregate.OrderBy(r => r.Id))
                {
                    try
                    {
                        await PublishOneAsync(row, token);
                        lock (published) published.Add(row.Id);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                    {
                        failure ??= ex;
                        return;
                    }
                }
            });
        if (failure is not null && published.Count == 0) throw failure;
        if (failure is not null) LogPartialRound(logger, failure, published.Count);
        return published;
    }

    private async Task PublishOneAsync(OutboxRow row, CancellationToken ct)
    {
        ActivityContext.TryParse(row.TraceParent, row.TraceState, out var parent);
        using var activity = Activities.StartActivity("outbox relay", ActivityKind.Producer, parent);
        activity?.SetTag("messaging.message.id", row.MessageId);
        var type = MessageTypes.Resolve(row.MessageType);
        var message = JsonSerializer.Deserialize(row.Payload, type, DomainTransaction.Json)!;

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Options.PublishTimeout);
        await bus.Publish(message, type, context => context.MessageId = row.MessageId, timeout.Token);
    }

    private async Task UpdateBacklogAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await using var query = new NpgsqlCommand(
            "SELECT count(*), min(created_at) FROM outbox_messages WHERE sent_at IS NULL", connection, transaction);
        await using var reader = await query.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        metrics.Backlog(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1));
    }

    /// <summary>Deletes sent outbox rows and inbox rows past their retention. A failure here never stops publishing.</summary>
    internal async Task CleanUpAsync(CancellationToken ct)
    {
        try
        {
            using var untraced = SuppressInstrumentationScope.Begin();
            await using var cleanup = dataSource.CreateBatch();
            cleanup.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM outbox_messages WHERE sent_at < now() - $1")
            {
                Parameters = { new() { Value = Options.SentRetention } },
            });
            cleanup.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM inbox_messages WHERE processed_at < now() - $1")
            {
                Parameters = { new() { Value = Options.InboxRetention } },
            });
            await cleanup.ExecuteNonQueryAsync(ct);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            LogCleanupFailed(logger, ex);
        }
    }

    private async Task ListenForOtherReplicasAsync(CancellationToken ct)
    {
        await Task.Yield();
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(ct);
                connection.Notification += (_, _) => signal.Notify();
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection)) await listen.ExecuteNonQueryAsync(ct);
                while (!ct.IsCancellationRequested) await connection.WaitAsync(ct);
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException)
            {
                // A hint only: polling covers the gap until the listener reconnects.
                await Task.Delay(TimeSpan.FromSeconds(5), ct);
            }
        }
    }

    private sealed record OutboxRow(long Id, Guid MessageId, string AggregateId, string MessageType, string Payload, string? TraceParent, string? TraceState);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox and inbox clean-up failed; retried at the next interval")]
    private static partial void LogCleanupFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox round failed ({Failures} in a row); next try in {DelayMs:F0} ms")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception, int failures, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox round published {Published} rows; the rest of the failed aggregates wait for the next round")]
    private static partial void LogPartialRound(ILogger logger, Exception exception, int published);
}
