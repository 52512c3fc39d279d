using Microsoft.Extensions.Options;
using Selbsthilfe.ServiceDefaults.Hosting;
using Npgsql;
using Selbsthilfe.Messaging.Outbox;

namespace Selbsthilfe.Notifications.Api.Reminders;

/// <summary>Settings under <c>Notifications:Reminders</c>.</summary>
public sealed class ReminderOptions
{
    public const string Section = "Notifications:Reminders";
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>Subscribers per fan-out message: each is one consumer's work with one pooled SMTP connection.</summary>
    public int ChunkSize { get; set; } = 250;
}

/// <summary>
/// An internal command: send the job's mail to these subscribers. Carries ids only; the consumer reads the rest.
/// </summary>
public sealed record SendMails(Guid JobId, Guid[] SubscriberIds);

/// <summary>
/// Claims due jobs (<c>FOR UPDATE SKIP LOCKED</c>: replicas share them, none is taken twice) and fans each out to its
/// recipients as <see cref="SendMails"/> messages of <see cref="ReminderOptions.ChunkSize"/> subscribers, through the
/// outbox in the claiming transaction, so a crash either fans out completely or not at all. RabbitMQ then spreads
/// the chunks over competing consumers.
/// </summary>
public sealed class ReminderSweep(TransactionalOutbox outbox, IOptions<ReminderOptions> options, TimeProvider clock, ILogger<ReminderSweep> logger)
    : PeriodicWork(clock, logger)
{
    protected override TimeSpan Interval => options.Value.SweepInterval;

    protected override Task RunRoundAsync(CancellationToken ct) => RunAsync(ct);

    /// <returns>Jobs fanned out.</returns>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            var now = Clock.GetUtcNow();
            await using var tx = await outbox.BeginAsync(ct);
            var jobs = new List<(Guid Id, Guid Occurrence, string Kind, int Lead, Guid? Listing, bool Void)>();
            await using (var claim = tx.Command("""
                SELECT j.id, j.occurrence_id, j.kind, j.lead_minutes, o.listing_id,
                       (j.kind = 'reminder' AND (o.cancelled OR o.starts_at <= $1)) AS void
                FROM jobs j JOIN occurrences o ON o.id = j.occurrence_id
                WHERE j.state = 'due' AND j.due_at <= $1
                ORDER BY j.due_at LIMIT 20
                FOR UPDATE OF j SKIP LOCKED
                """))
            {
                claim.Parameters.AddWithValue(now.ToUniversalTime());
                await using var reader = await claim.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    jobs.Add((reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetInt32(3),
                        reader.IsDBNull(4) ? null : reader.GetGuid(4), reader.GetBoolean(5)));
                }
            }
            if (jobs.Count == 0) return total;
            foreach (var job in jobs)
            {
                if (!job.Void && job.Listing is { } listing)
                {
                    var recipients = new List<Guid>();
                    await using (var select = tx.Command("""
                        SELECT subscriber_id FROM subscriptions WHERE listing_id = $1 AND state = 'active'
                          AND ($2 = 0 OR $2 = ANY(lead_times_minutes)) AND ($3 <> 'new-event' OR follow_events)
                        """))
                    {
                        select.Parameters.AddWithValue(listing);
                        select.Parameters.AddWithValue(job.Lead);
                        select.Parameters.AddWithValue(job.Kind);
                        await using var reader = await select.ExecuteReaderAsync(ct);
                        while (await reader.ReadAsync(ct)) recipients.Add(reader.GetGuid(0));
                    }
                    var chunks = recipients.Chunk(options.Value.ChunkSize).Select(c => (job.Id.ToString(), (object)new SendMails(job.Id, c))).ToList();
                    await tx.RaiseAllAsync(chunks, ct);
                }
                await using var done = tx.Command("UPDATE jobs SET state = $2 WHERE id = $1");
                done.Parameters.AddWithValue(job.Id);
                done.Parameters.AddWithValue(job.Void ? "void" : "done");
                await done.ExecuteNonQueryAsync(ct);
            }
            await tx.CommitAsync(ct);
            total += jobs.Count;
        }
    }
}
