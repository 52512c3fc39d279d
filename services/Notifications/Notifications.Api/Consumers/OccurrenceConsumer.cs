using MassTransit;
using Npgsql;
using Selbsthilfe.Events.Contracts;
using Selbsthilfe.Messaging.Inbox;
using Selbsthilfe.Notifications.Api.Reminders;

namespace Selbsthilfe.Notifications.Api.Consumers;

/// <summary>
/// Keeps the meetings Events announces and plans what to send: reminders per lead time for a scheduled meeting;
/// for a moved one the reminders move and a notice goes out at once; for a cancelled one the reminders are voided and
/// a notice goes out at once. Meetings that have passed get no notice.
/// </summary>
public sealed class OccurrenceConsumer(Inbox inbox, TimeProvider clock) :
    IConsumer<OccurrenceScheduled>, IConsumer<OccurrenceRescheduled>, IConsumer<OccurrenceCancelled>
{
    public async Task Consume(ConsumeContext<OccurrenceScheduled> context)
    {
        var m = context.Message;
        await using var tx = await inbox.BeginAsync(context, nameof(OccurrenceConsumer));
        if (tx is null) return;
        await UpsertAsync(tx.Connection, tx.Transaction, m.OccurrenceId, m.ListingId, m.StartsAt, m.EndsAt, m.Place, cancelled: false, context.CancellationToken);
        await ReminderJobs.PlanAsync(tx.Connection, tx.Transaction, [m.OccurrenceId], null, clock.GetUtcNow(), context.CancellationToken);
        // Members who follow the group hear of its new one-off events (info evenings, seminars) at once.
        if (m.Kind == "event" && m.StartsAt > clock.GetUtcNow())
        {
            await ReminderJobs.NoticeAsync(tx.Connection, tx.Transaction, m.OccurrenceId, "new-event", clock.GetUtcNow(), context.CancellationToken);
        }
        await tx.CommitAsync(context.CancellationToken);
    }

    public async Task Consume(ConsumeContext<OccurrenceRescheduled> context)
    {
        var m = context.Message;
        var now = clock.GetUtcNow();
        await using var tx = await inbox.BeginAsync(context, nameof(OccurrenceConsumer));
        if (tx is null) return;
        await UpsertAsync(tx.Connection, tx.Transaction, m.OccurrenceId, m.ListingId, m.StartsAt, m.EndsAt, m.Place, cancelled: false, context.CancellationToken);
        await ReminderJobs.VoidRemindersAsync(tx.Connection, tx.Transaction, m.OccurrenceId, context.CancellationToken);
        await ReminderJobs.PlanAsync(tx.Connection, tx.Transaction, [m.OccurrenceId], null, now, context.CancellationToken);
        if (m.StartsAt > now || m.PreviousStartsAt > now) await ReminderJobs.NoticeAsync(tx.Connection, tx.Transaction, m.OccurrenceId, "moved", now, context.CancellationToken);
        await tx.CommitAsync(context.CancellationToken);
    }

    public async Task Consume(ConsumeContext<OccurrenceCancelled> context)
    {
        var m = context.Message;
        var now = clock.GetUtcNow();
        await using var tx = await inbox.BeginAsync(context, nameof(OccurrenceConsumer));
        if (tx is null) return;
        await using (var cancel = tx.Command("UPDATE occurrences SET cancelled = true, updated_at = $2 WHERE id = $1 AND NOT cancelled"))
        {
            cancel.Parameters.AddWithValue(m.OccurrenceId);
            cancel.Parameters.AddWithValue(now.ToUniversalTime());
            var changed = await cancel.ExecuteNonQueryAsync(context.CancellationToken) == 1;
            await ReminderJobs.VoidRemindersAsync(tx.Connection, tx.Transaction, m.OccurrenceId, context.CancellationToken);
            if (changed && m.StartsAt > now) await ReminderJobs.NoticeAsync(tx.Connection, tx.Transaction, m.OccurrenceId, "cancelled", now, context.CancellationToken);
        }
        await tx.CommitAsync(context.CancellationToken);
    }

    private static async Task UpsertAsync(NpgsqlConnection c, NpgsqlTransaction tx, Guid id, Guid? listing, DateTimeOffset starts, DateTimeOffset ends,
        MeetingPlace place, bool cancelled, CancellationToken ct)
    {
        await using var upsert = new NpgsqlCommand("""
            INSERT INTO occurrences (id, listing_id, starts_at, ends_at, room, address, postcode, city, online, cancelled, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now())
            ON CONFLICT (id) DO UPDATE SET starts_at = excluded.starts_at, ends_at = excluded.ends_at, room = excluded.room,
                address = excluded.address, postcode = excluded.postcode, city = excluded.city, online = excluded.online,
                cancelled = excluded.cancelled, updated_at = excluded.updated_at
            """, c, tx);
        upsert.Parameters.AddWithValue(id);
        upsert.Parameters.AddWithValue((object?)listing ?? DBNull.Value);
        upsert.Parameters.AddWithValue(starts.ToUniversalTime());
        upsert.Parameters.AddWithValue(ends.ToUniversalTime());
        upsert.Parameters.AddWithValue((object?)place.Room ?? DBNull.Value);
        upsert.Parameters.AddWithValue((object?)place.Address ?? DBNull.Value);
        upsert.Parameters.AddWithValue((object?)place.Postcode ?? DBNull.Value);
        upsert.Parameters.AddWithValue((object?)place.City ?? DBNull.Value);
        upsert.Parameters.AddWithValue(place.Online);
        upsert.Parameters.AddWithValue(cancelled);
        await upsert.ExecuteNonQueryAsync(ct);
    }
}
