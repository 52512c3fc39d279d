using Microsoft.Extensions.Options;
using Selbsthilfe.ServiceDefaults.Hosting;
using Selbsthilfe.Messaging.Outbox;

namespace Selbsthilfe.Events.Api.Scheduling;

/// <summary>
/// Extends the rolling horizon: series whose materialised horizon has fallen <see cref="EventsOptions.ExtendEvery"/>
/// short are claimed in batches (<c>FOR UPDATE SKIP LOCKED</c>, so replicas share the work and never do a series
/// twice) and materialised; only meetings new to the horizon are announced. Series that ran out end here.
/// </summary>
public sealed class HorizonSweep(TransactionalOutbox outbox, Materialiser materialiser, IOptions<EventsOptions> options, TimeProvider clock,
    EventsMetrics metrics, ILogger<HorizonSweep> logger) : PeriodicWork(clock, logger)
{
    protected override TimeSpan Interval => options.Value.SweepInterval;

    protected override Task RunRoundAsync(CancellationToken ct) => RunAsync(ct);

    /// <summary>Materialises every due series once. Returns how many series it materialised.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var total = 0;
        var started = Clock.GetTimestamp();
        while (true)
        {
            var now = Clock.GetUtcNow();
            await using var tx = await outbox.BeginAsync(ct);
            var batch = await SeriesStore.LoadAsync(tx.Connection, tx.Transaction, $"""
                SELECT {SeriesStore.Columns} FROM series s
                WHERE s.status = 'active' AND (s.materialised_until IS NULL OR s.materialised_until <= $1)
                ORDER BY s.materialised_until NULLS FIRST, s.id
                LIMIT $2 FOR UPDATE SKIP LOCKED
                """, [(now + options.Value.Horizon - options.Value.ExtendEvery).ToUniversalTime(), options.Value.BatchSize], ct);
            if (batch.Count == 0)
            {
                metrics.Swept(total, Clock.GetElapsedTime(started));
                return total;
            }
            await materialiser.RunAsync(tx, batch, now, "removed", ct);
            await tx.CommitAsync(ct);
            total += batch.Count;
        }
    }
}
