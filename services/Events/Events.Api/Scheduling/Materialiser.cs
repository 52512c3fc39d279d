using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Selbsthilfe.Events.Api.Domain;
using Selbsthilfe.Events.Contracts;
using Selbsthilfe.Messaging.Outbox;

namespace Selbsthilfe.Events.Api.Scheduling;

/// <summary>
/// Keeps <c>occurrences</c> (what has been announced) equal to the plan for the rolling horizon, and raises one event
/// per difference: new meeting → OccurrenceScheduled, moved in time or place → OccurrenceRescheduled, no longer taking
/// place → OccurrenceCancelled. Running it twice raises nothing the second time; extending the horizon raises only
/// the meetings that came into it. Meetings are matched by their stable id (chain, local date, n-th that day), so a
/// meeting whose time changes with its series, or that a "this and following" series takes over, is announced as
/// moved, not as cancelled and scheduled anew.
/// </summary>
public sealed class Materialiser(IOptions<EventsOptions> options, EventsMetrics metrics)
{
    public TimeSpan Horizon => options.Value.Horizon;

    private sealed record Row(Guid Id, Guid SeriesId, Guid RootId, DateTime RecurrenceLocal, DateTimeOffset StartsAt,
        DateTimeOffset EndsAt, bool Cancelled, int PlaceHash);

    /// <summary>
    /// Materialises <paramref name="batch"/> (locked by the caller) from <paramref name="now"/> to the horizon, in
    /// <paramref name="tx"/>. <paramref name="removalReason"/> names why meetings that vanish are cancelled.
    /// Series that have no meeting left end (SeriesEnded, reason completed).
    /// </summary>
    /// <returns>The number of events raised.</returns>
    public async Task<int> RunAsync(DomainTransaction tx, IReadOnlyList<Domain.Series> batch, DateTimeOffset now, string removalReason,
        CancellationToken ct)
    {
        if (batch.Count == 0) return 0;
        var horizonEnd = now + Horizon;
        var ids = batch.Select(s => s.Id).ToArray();
        var plans = batch.Select(s => (Series: s, Plan: OccurrencePlan.For(s, now, horizonEnd))).ToList();
        var plannedIds = plans.SelectMany(p => p.Plan).Select(p => p.Id).ToArray();
        var announced = await ReadAnnouncedAsync(tx, ids, plannedIds, now, horizonEnd, ct);
        var publicAddress = await PublicAddressesAsync(tx, batch, ct);

        var inserts = new List<Row>();
        var updates = new List<Row>();
        var deletes = new List<Guid>();
        var events = new List<(string, object)>();
        var ended = new List<Domain.Series>();

        foreach (var (series, plan) in plans)
        {
            foreach (var planned in plan)
            {
                var placeHash = planned.Place.Fingerprint();
                var row = new Row(planned.Id, series.Id, series.RootId, planned.RecurrenceLocal, planned.StartsAt, planned.EndsAt,
                    planned.Cancelled, placeHash);
                if (!announced.Remove(planned.Id, out var old))
                {
                    inserts.Add(row);
                    if (!planned.Cancelled) events.Add(Scheduled(series, row, PublicPlace(series, planned.Place, publicAddress), now));
                    continue;
                }
                var sameMeeting = old.Cancelled == row.Cancelled && old.StartsAt == row.StartsAt && old.EndsAt == row.EndsAt && old.PlaceHash == placeHash;
                if (sameMeeting && old.SeriesId == row.SeriesId && old.RecurrenceLocal == row.RecurrenceLocal) continue;
                updates.Add(row);
                if (sameMeeting) continue; // taken over by another series of its chain, unchanged
                if (old.Cancelled && !row.Cancelled) events.Add(Scheduled(series, row, PublicPlace(series, planned.Place, publicAddress), now));
                else if (!old.Cancelled && row.Cancelled) events.Add(Cancelled(series, old, planned.Moved ? "cancelled" : CancelReason(series, planned), now));
                else if (!row.Cancelled) events.Add(Rescheduled(series, old, row, PublicPlace(series, planned.Place, publicAddress), now));
            }
        }

        // What was announced for these series in the horizon and is no longer planned does not take place.
        var bySeries = batch.ToDictionary(s => s.Id);
        foreach (var gone in announced.Values)
        {
            if (!bySeries.TryGetValue(gone.SeriesId, out var series) || gone.StartsAt < now || gone.StartsAt >= horizonEnd) continue;
            deletes.Add(gone.Id);
            if (!gone.Cancelled) events.Add(Cancelled(series, gone, removalReason, now));
        }

        foreach (var series in batch)
        {
            if (series.Ended || OccurrencePlan.HasInstanceFrom(series, now)) continue;
            ended.Add(series);
            events.Add((series.Id.ToString(), new SeriesEnded
            {
                SeriesId = series.Id, ListingId = series.ListingId, OfficeId = series.OfficeId, Reason = "completed", OccurredAt = now,
            }));
        }

        await DeleteAsync(tx, deletes, ct);
        await WriteAsync(tx, updates, upsert: true, ct);
        await WriteAsync(tx, inserts, upsert: false, ct);
        await using (var mark = tx.Command("""
            UPDATE series SET materialised_until = $2,
                status = CASE WHEN id = ANY($3) THEN 'ended' ELSE status END,
                end_reason = CASE WHEN id = ANY($3) THEN 'completed' ELSE end_reason END,
                version = CASE WHEN id = ANY($3) THEN version + 1 ELSE version END
            WHERE id = ANY($1)
            """))
        {
            mark.Parameters.AddWithValue(ids);
            mark.Parameters.AddWithValue(horizonEnd.ToUniversalTime());
            mark.Parameters.AddWithValue(ended.Select(s => s.Id).ToArray());
            await mark.ExecuteNonQueryAsync(ct);
        }
        await tx.RaiseAllAsync(events, ct);
        metrics.Announced(events);
        return events.Count;
    }

    private static string CancelReason(Domain.Series series, PlannedOccurrence planned)
    {
        var day = DateOnly.FromDateTime(planned.RecurrenceLocal);
        return series.Pauses.Any(p => p.From <= day && day <= p.To) ? "paused" : "cancelled";
    }

    /// <summary>
    /// The place as events may carry it: never the online link; room and street only when the group's address is
    /// public in the directory (or for an office's own event), else just postcode and city.
    /// </summary>
    public static MeetingPlace PublicPlace(Place place, bool addressPublic) => new()
    {
        Room = addressPublic ? place.Room : null,
        Address = addressPublic ? place.Address : null,
        Postcode = place.Postcode,
        City = place.City,
        Online = place.IsOnline,
    };

    private static MeetingPlace PublicPlace(Domain.Series series, Place place, HashSet<Guid> publicAddress) =>
        PublicPlace(place, series.ListingId is not { } listing || publicAddress.Contains(listing));

    private static (string, object) Scheduled(Domain.Series s, Row row, MeetingPlace place, DateTimeOffset now) =>
        (row.Id.ToString(), new OccurrenceScheduled
        {
            OccurrenceId = row.Id, SeriesId = s.Id, ListingId = s.ListingId, OfficeId = s.OfficeId,
            Kind = s.Kind == SeriesKind.Event ? "event" : "series", StartsAt = row.StartsAt, EndsAt = row.EndsAt, Place = place, OccurredAt = now,
        });

    private static (string, object) Rescheduled(Domain.Series s, Row old, Row row, MeetingPlace place, DateTimeOffset now) =>
        (row.Id.ToString(), new OccurrenceRescheduled
        {
            OccurrenceId = row.Id, SeriesId = s.Id, ListingId = s.ListingId, OfficeId = s.OfficeId, PreviousStartsAt = old.StartsAt,
            StartsAt = row.StartsAt, EndsAt = row.EndsAt, Place = place, OccurredAt = now,
        });

    private static (string, object) Cancelled(Domain.Series s, Row old, string reason, DateTimeOffset now) =>
        (old.Id.ToString(), new OccurrenceCancelled
        {
            OccurrenceId = old.Id, SeriesId = s.Id, ListingId = s.ListingId, OfficeId = s.OfficeId, StartsAt = old.StartsAt,
            Reason = reason, OccurredAt = now,
        });

    /// <summary>
    /// The announced meetings of these series in the horizon, and any announced meeting with a planned id wherever it
    /// is (another series of the chain, or a start before now that a move brings back into the horizon).
    /// </summary>
    private static async Task<Dictionary<Guid, Row>> ReadAnnouncedAsync(DomainTransaction tx, Guid[] ids, Guid[] plannedIds,
        DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var result = new Dictionary<Guid, Row>();
        await using var select = tx.Command("""
            SELECT id, series_id, root_id, recurrence_local, starts_at, ends_at, cancelled, place_hash FROM occurrences
            WHERE series_id = ANY($1) AND starts_at >= $2 AND starts_at < $3
            UNION
            SELECT id, series_id, root_id, recurrence_local, starts_at, ends_at, cancelled, place_hash FROM occurrences
            WHERE id = ANY($4)
            ORDER BY starts_at, id
            """); // two index scans; an OR of both would read the whole table
        select.Parameters.AddWithValue(ids);
        select.Parameters.AddWithValue(from.ToUniversalTime());
        select.Parameters.AddWithValue(to.ToUniversalTime());
        select.Parameters.AddWithValue(plannedIds);
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var row = new Row(reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetDateTime(3),
                reader.GetFieldValue<DateTimeOffset>(4), reader.GetFieldValue<DateTimeOffset>(5), reader.GetBoolean(6), reader.GetInt32(7));
            result[row.Id] = row;
        }
        return result;
    }

    private static async Task<HashSet<Guid>> PublicAddressesAsync(DomainTransaction tx, IReadOnlyList<Domain.Series> batch, CancellationToken ct)
    {
        var listings = batch.Where(s => s.ListingId is not null).Select(s => s.ListingId!.Value).Distinct().ToArray();
        var result = new HashSet<Guid>();
        if (listings.Length == 0) return result;
        await using var select = tx.Command("SELECT id FROM listings WHERE id = ANY($1) AND address_public");
        select.Parameters.AddWithValue(listings);
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) result.Add(reader.GetGuid(0));
        return result;
    }

    private static async Task DeleteAsync(DomainTransaction tx, List<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return;
        await using var delete = tx.Command("DELETE FROM occurrences WHERE id = ANY($1)");
        delete.Parameters.AddWithValue(ids.ToArray());
        await delete.ExecuteNonQueryAsync(ct);
    }

    private static async Task WriteAsync(DomainTransaction tx, List<Row> rows, bool upsert, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        // An update may move a meeting to another series of its chain (its id stays): the unique key moves with it.
        await using var write = tx.Command($"""
            INSERT INTO occurrences (id, series_id, root_id, recurrence_local, starts_at, ends_at, cancelled, place_hash)
            SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::timestamp[], $5::timestamptz[], $6::timestamptz[], $7::boolean[], $8::int[])
            {(upsert ? """
                ON CONFLICT (id) DO UPDATE SET series_id = excluded.series_id, recurrence_local = excluded.recurrence_local,
                    starts_at = excluded.starts_at, ends_at = excluded.ends_at, cancelled = excluded.cancelled, place_hash = excluded.place_hash
                """ : "")}
            """);
        write.Parameters.AddWithValue(rows.Select(r => r.Id).ToArray());
        write.Parameters.AddWithValue(rows.Select(r => r.SeriesId).ToArray());
        write.Parameters.AddWithValue(rows.Select(r => r.RootId).ToArray());
        write.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.RecurrenceLocal).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Timestamp });
        write.Parameters.AddWithValue(rows.Select(r => r.StartsAt.UtcDateTime).ToArray());
        write.Parameters.AddWithValue(rows.Select(r => r.EndsAt.UtcDateTime).ToArray());
        write.Parameters.AddWithValue(rows.Select(r => r.Cancelled).ToArray());
        write.Parameters.AddWithValue(rows.Select(r => r.PlaceHash).ToArray());
        await write.ExecuteNonQueryAsync(ct);
    }
}
