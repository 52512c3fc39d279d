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
/// the meetings that came into it. A meeting that vanishes from one series while a meeting on the same local day
/// appears in a series of the same chain ("this and following") keeps its id and is announced as moved, not as
/// cancelled and scheduled anew.
/// </summary>
public sealed class Materialiser(IOptions<EventsOptions> options, EventsMetrics metrics)
{
    public TimeSpan Horizon => options.Value.Horizon;

    private sealed record Announced(Guid Id, Guid SeriesId, Guid RootId, DateTime RecurrenceLocal, DateTimeOffset StartsAt,
        DateTimeOffset EndsAt, bool Cancelled, int PlaceHash);

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
        var announced = await ReadAnnouncedAsync(tx, ids, now, horizonEnd, ct);
        var publicAddress = await PublicAddressesAsync(tx, batch, ct);

        var inserts = new List<Row>();
        var updates = new List<Row>();
        var deletes = new List<Guid>();
        var events = new List<(string, object)>();
        var ended = new List<Domain.Series>();

        foreach (var chain in batch.GroupBy(s => s.RootId))
        {
            var appeared = new List<(Domain.Series Series, PlannedOccurrence Planned)>();
            var vanished = new List<Announced>();
            foreach (var series in chain)
            {
                var plan = OccurrencePlan.For(series, now, horizonEnd);
                var before = announced.GetValueOrDefault(series.Id) ?? [];
                var byRecurrence = new Dictionary<DateTime, Announced>(before.Count);
                foreach (var a in before) byRecurrence[a.RecurrenceLocal] = a;
                var place = (Domain.Series s, Place p) => PublicPlace(s, p, publicAddress);

                foreach (var planned in plan)
                {
                    var placeHash = planned.Place.Fingerprint();
                    if (!byRecurrence.Remove(planned.RecurrenceLocal, out var old))
                    {
                        if (planned.Cancelled) inserts.Add(ToRow(series, planned, placeHash));
                        else appeared.Add((series, planned));
                        continue;
                    }
                    var row = ToRow(series, planned, placeHash) with { Id = old.Id };
                    if (old.Cancelled == planned.Cancelled && old.StartsAt == planned.StartsAt && old.EndsAt == planned.EndsAt
                        && old.PlaceHash == placeHash) continue;
                    updates.Add(row);
                    if (old.Cancelled && !planned.Cancelled) events.Add(Scheduled(series, row, place(series, planned.Place), now));
                    else if (!old.Cancelled && planned.Cancelled) events.Add(Cancelled(series, old, planned.Moved ? "cancelled" : CancelReason(series, planned), now));
                    else if (!old.Cancelled) events.Add(Rescheduled(series, old, row, place(series, planned.Place), now));
                }
                vanished.AddRange(byRecurrence.Values);
            }

            // Pair a vanished meeting with one appearing on the same local day in the same chain: it moved.
            var open = vanished.Where(v => !v.Cancelled).ToList();
            foreach (var (series, planned) in appeared)
            {
                var day = DateOnly.FromDateTime(planned.StartsLocal);
                var match = open.FindIndex(v => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(v.StartsAt, series.Zone).DateTime) == day);
                var placeHash = planned.Place.Fingerprint();
                if (match < 0)
                {
                    var row = ToRow(series, planned, placeHash);
                    inserts.Add(row);
                    events.Add(Scheduled(series, row, PublicPlace(series, planned.Place, publicAddress), now));
                    continue;
                }
                var old = open[match];
                open.RemoveAt(match);
                vanished.Remove(old);
                var moved = ToRow(series, planned, placeHash) with { Id = old.Id };
                updates.Add(moved);
                if (old.StartsAt != moved.StartsAt || old.EndsAt != moved.EndsAt || old.PlaceHash != placeHash)
                {
                    events.Add(Rescheduled(series, old, moved, PublicPlace(series, planned.Place, publicAddress), now));
                }
            }
            foreach (var gone in vanished)
            {
                deletes.Add(gone.Id);
                if (gone.Cancelled) continue;
                var series = chain.First(s => s.Id == gone.SeriesId);
                events.Add(Cancelled(series, gone, removalReason, now));
            }
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
                end_reason = CASE WHEN id = ANY($3) THEN 'completed' ELSE end_reason END
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

    private static Row ToRow(Domain.Series series, PlannedOccurrence p, int placeHash) =>
        new(p.Id, series.Id, series.RootId, p.RecurrenceLocal, p.StartsAt, p.EndsAt, p.Cancelled, placeHash);

    /// <summary>
    /// The place as events may carry it: never the online link; room and street only when the group's address is
    /// public in the directory (or for an office's own event), else just postcode and city.
    /// </summary>
    public static MeetingPlace PublicPlace(Domain.Series series, Place place, bool addressPublic) => new()
    {
        Room = addressPublic ? place.Room : null,
        Address = addressPublic ? place.Address : null,
        Postcode = place.Postcode,
        City = place.City,
        Online = place.IsOnline,
    };

    private static MeetingPlace PublicPlace(Domain.Series series, Place place, HashSet<Guid> publicAddress) =>
        PublicPlace(series, place, series.ListingId is not { } listing || publicAddress.Contains(listing));

    private static (string, object) Scheduled(Domain.Series s, Row row, MeetingPlace place, DateTimeOffset now) =>
        (row.Id.ToString(), new OccurrenceScheduled
        {
            OccurrenceId = row.Id, SeriesId = s.Id, ListingId = s.ListingId, OfficeId = s.OfficeId,
            StartsAt = row.StartsAt, EndsAt = row.EndsAt, Place = place, OccurredAt = now,
        });

    private static (string, object) Rescheduled(Domain.Series s, Announced old, Row row, MeetingPlace place, DateTimeOffset now) =>
        (row.Id.ToString(), new OccurrenceRescheduled
        {
            OccurrenceId = row.Id, SeriesId = s.Id, ListingId = s.ListingId, OfficeId = s.OfficeId, PreviousStartsAt = old.StartsAt,
            StartsAt = row.StartsAt, EndsAt = row.EndsAt, Place = place, OccurredAt = now,
        });

    private static (string, object) Cancelled(Domain.Series s, Announced old, string reason, DateTimeOffset now) =>
        (old.Id.ToString(), new OccurrenceCancelled
        {
            OccurrenceId = old.Id, SeriesId = s.Id, ListingId = s.ListingId, OfficeId = s.OfficeId, StartsAt = old.StartsAt,
            Reason = reason, OccurredAt = now,
        });

    private static async Task<Dictionary<Guid, List<Announced>>> ReadAnnouncedAsync(DomainTransaction tx, Guid[] ids,
        DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var result = new Dictionary<Guid, List<Announced>>();
        await using var select = tx.Command("""
            SELECT id, series_id, root_id, recurrence_local, starts_at, ends_at, cancelled, place_hash
            FROM occurrences WHERE series_id = ANY($1) AND starts_at >= $2 AND starts_at < $3
            ORDER BY starts_at, id
            """);
        select.Parameters.AddWithValue(ids);
        select.Parameters.AddWithValue(from.ToUniversalTime());
        select.Parameters.AddWithValue(to.ToUniversalTime());
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var a = new Announced(reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetDateTime(3),
                reader.GetFieldValue<DateTimeOffset>(4), reader.GetFieldValue<DateTimeOffset>(5), reader.GetBoolean(6), reader.GetInt32(7));
            if (!result.TryGetValue(a.SeriesId, out var list)) result[a.SeriesId] = list = [];
            list.Add(a);
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
