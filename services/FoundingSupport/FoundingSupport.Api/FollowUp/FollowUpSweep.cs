using Microsoft.Extensions.Options;
using Selbsthilfe.FoundingSupport.Contracts;
using Selbsthilfe.Messaging.Outbox;
using Selbsthilfe.ServiceDefaults.Hosting;

namespace Selbsthilfe.FoundingSupport.Api.FollowUp;

/// <summary>
/// Claims follow-ups that have come due (<c>FOR UPDATE SKIP LOCKED</c>: replicas share them, none fires twice) and, in
/// the claiming transaction, puts a task on the office's list and raises <see cref="FollowUpDue"/>. The due-rows are
/// plain rows: a restart loses nothing, a missed round is caught up by the next.
/// </summary>
public sealed class FollowUpSweep(TransactionalOutbox outbox, IOptions<FoundingOptions> options, TimeProvider clock, ILogger<FollowUpSweep> logger)
    : PeriodicWork(clock, logger)
{
    private const int BatchSize = 100;

    protected override TimeSpan Interval => options.Value.SweepInterval;

    protected override Task RunRoundAsync(CancellationToken ct) => RunAsync(ct);

    /// <returns>Follow-ups fired.</returns>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            var now = Clock.GetUtcNow();
            await using var tx = await outbox.BeginAsync(ct);
            var due = new List<FollowUpDue>();
            await using (var claim = tx.Command("""
                SELECT initiative_id, office_id, listing_id, due_at FROM follow_ups
                WHERE fired_at IS NULL AND due_at <= $1
                ORDER BY due_at LIMIT $2
                FOR UPDATE SKIP LOCKED
                """))
            {
                claim.Parameters.AddWithValue(now.ToUniversalTime());
                claim.Parameters.AddWithValue(BatchSize);
                await using var reader = await claim.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    due.Add(new FollowUpDue(reader.GetGuid(0), reader.GetString(1), reader.GetGuid(2), reader.GetFieldValue<DateTimeOffset>(3)));
                }
            }
            if (due.Count == 0) return total;
            await using (var fire = tx.Command("""
                WITH fired AS (UPDATE follow_ups SET fired_at = $2 WHERE initiative_id = ANY($1) RETURNING initiative_id, office_id, listing_id, due_at)
                INSERT INTO office_tasks (id, office_id, kind, initiative_id, listing_id, due_at, created_at)
                SELECT gen_random_uuid(), office_id, 'follow-up', initiative_id, listing_id, due_at, $2 FROM fired
                ON CONFLICT (initiative_id, kind) DO NOTHING
                """))
            {
                fire.Parameters.AddWithValue(due.Select(d => d.InitiativeId).ToArray());
                fire.Parameters.AddWithValue(now.ToUniversalTime());
                await fire.ExecuteNonQueryAsync(ct);
            }
            await tx.RaiseAllAsync(due.Select(d => (d.InitiativeId.ToString(), (object)d)).ToList(), ct);
            await tx.CommitAsync(ct);
            total += due.Count;
        }
    }
}
