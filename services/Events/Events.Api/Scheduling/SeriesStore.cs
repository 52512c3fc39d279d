using Npgsql;
using NpgsqlTypes;
using Selbsthilfe.Events.Api.Domain;
using Selbsthilfe.Messaging.Outbox;

namespace Selbsthilfe.Events.Api.Scheduling;

/// <summary>Reads and writes series with their overrides and pauses. Writes happen in a caller's domain transaction.</summary>
public sealed class SeriesStore(NpgsqlDataSource dataSource)
{
    public const string Columns = """
        s.id, s.root_id, s.kind, s.listing_id, s.office_id, s.title, s.description, s.time_zone, s.starts_local, s.duration,
        s.rrule, s.rdates, s.exdates, s.room, s.address, s.postcode, s.city, s.online_link, s.capacity, s.status, s.end_reason,
        s.ended_at, s.version, s.sequence, s.created_at, s.updated_at, s.materialised_until
        """;

    public async Task<Series?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var found = await LoadAsync(connection, null, $"SELECT {Columns} FROM series s WHERE s.id = $1", [id], ct);
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>The series of a listing, or of an office, oldest first.</summary>
    public async Task<List<Series>> ListAsync(Guid? listingId, string? officeId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await LoadAsync(connection, null, $"""
            SELECT {Columns} FROM series s
            WHERE ($1::uuid IS NULL OR s.listing_id = $1) AND ($2::text IS NULL OR s.office_id = $2)
            ORDER BY s.created_at, s.id
            """, [(object?)listingId ?? DBNull.Value, (object?)officeId ?? DBNull.Value], ct);
    }

    /// <summary>Locks the series (and so its overrides and pauses) for a change in <paramref name="tx"/>.</summary>
    public async Task<Series?> LockAsync(DomainTransaction tx, Guid id, CancellationToken ct)
    {
        var found = await LoadAsync(tx.Connection, tx.Transaction, $"SELECT {Columns} FROM series s WHERE s.id = $1 FOR UPDATE", [id], ct);
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>
    /// Runs <paramref name="sql"/> (selecting <see cref="Columns"/> from <c>series s</c>) and attaches every row's
    /// overrides and pauses, read in two more queries for the whole set.
    /// </summary>
    public static async Task<List<Series>> LoadAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql,
        object[] parameters, CancellationToken ct)
    {
        var rows = new List<Series>();
        await using (var select = new NpgsqlCommand(sql, connection, tx))
        {
            foreach (var p in parameters) select.Parameters.Add(new NpgsqlParameter { Value = p });
            await using var reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) rows.Add(Read(reader));
        }
        if (rows.Count == 0) return rows;

        var ids = rows.Select(r => r.Id).ToArray();
        var overrides = new Dictionary<Guid, List<OccurrenceOverride>>();
        await using (var select = new NpgsqlCommand("""
            SELECT series_id, recurrence_local, cancelled, starts_local, duration, room, address, postcode, city, note, sequence, updated_at
            FROM overrides WHERE series_id = ANY($1) ORDER BY recurrence_local
            """, connection, tx))
        {
            select.Parameters.AddWithValue(ids);
            await using var reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var hasPlace = !reader.IsDBNull(5) || !reader.IsDBNull(6) || !reader.IsDBNull(7) || !reader.IsDBNull(8);
                var change = new OccurrenceOverride(
                    reader.GetDateTime(1),
                    reader.IsDBNull(2) ? null : reader.GetBoolean(2),
                    reader.IsDBNull(3) ? null : reader.GetDateTime(3),
                    reader.IsDBNull(4) ? null : reader.GetTimeSpan(4),
                    hasPlace ? new Place(Text(reader, 5), Text(reader, 6), Text(reader, 7), Text(reader, 8), null) : null,
                    Text(reader, 9),
                    reader.GetInt32(10),
                    reader.GetFieldValue<DateTimeOffset>(11));
                var seriesId = reader.GetGuid(0);
                if (!overrides.TryGetValue(seriesId, out var list)) overrides[seriesId] = list = [];
                list.Add(change);
            }
        }
        var pauses = new Dictionary<Guid, List<Pause>>();
        await using (var select = new NpgsqlCommand(
            "SELECT series_id, id, from_date, to_date, reason FROM pauses WHERE series_id = ANY($1) ORDER BY from_date", connection, tx))
        {
            select.Parameters.AddWithValue(ids);
            await using var reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var seriesId = reader.GetGuid(0);
                if (!pauses.TryGetValue(seriesId, out var list)) pauses[seriesId] = list = [];
                list.Add(new Pause(reader.GetGuid(1), reader.GetFieldValue<DateOnly>(2), reader.GetFieldValue<DateOnly>(3), Text(reader, 4)));
            }
        }

        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            rows[i] = row with
            {
                Overrides = overrides.GetValueOrDefault(row.Id) ?? (IReadOnlyList<OccurrenceOverride>)[],
                Pauses = pauses.GetValueOrDefault(row.Id) ?? (IReadOnlyList<Pause>)[],
            };
            // Overrides that carry the series' place fill in the online link the series has (never stored twice).
            if (rows[i].Overrides.Count > 0 && rows[i].Place.OnlineLink is { } link)
            {
                rows[i] = rows[i] with { Overrides = rows[i].Overrides.Select(o => o.Place is null ? o : o with { Place = o.Place with { OnlineLink = link } }).ToList() };
            }
        }
        return rows;
    }

    private static Series Read(NpgsqlDataReader r) => new()
    {
        Id = r.GetGuid(0),
        RootId = r.GetGuid(1),
        Kind = r.GetString(2) == "event" ? SeriesKind.Event : SeriesKind.Series,
        ListingId = r.IsDBNull(3) ? null : r.GetGuid(3),
        OfficeId = r.GetString(4),
        Title = Text(r, 5),
        Description = Text(r, 6),
        Zone = TimeZoneInfo.FindSystemTimeZoneById(r.GetString(7)),
        StartsLocal = DateTime.SpecifyKind(r.GetDateTime(8), DateTimeKind.Unspecified),
        Duration = r.GetTimeSpan(9),
        Rule = r.IsDBNull(10) ? null : RecurrenceRule.Parse(r.GetString(10)),
        RDates = r.GetFieldValue<DateTime[]>(11),
        ExDates = r.GetFieldValue<DateTime[]>(12),
        Place = new Place(Text(r, 13), Text(r, 14), Text(r, 15), Text(r, 16), Text(r, 17)),
        Capacity = r.IsDBNull(18) ? null : r.GetInt32(18),
        Ended = r.GetString(19) == "ended",
        EndReason = Text(r, 20),
        EndedAt = r.IsDBNull(21) ? null : r.GetFieldValue<DateTimeOffset>(21),
        Version = r.GetInt32(22),
        Sequence = r.GetInt32(23),
        CreatedAt = r.GetFieldValue<DateTimeOffset>(24),
        UpdatedAt = r.GetFieldValue<DateTimeOffset>(25),
        MaterialisedUntil = r.IsDBNull(26) ? null : r.GetFieldValue<DateTimeOffset>(26),
    };

    private static string? Text(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    /// <summary>Writes the series row (insert or full update) as given: the caller sets version and sequence.</summary>
    public static async Task SaveAsync(DomainTransaction tx, Series s, CancellationToken ct)
    {
        await using var upsert = tx.Command("""
            INSERT INTO series (id, root_id, kind, listing_id, office_id, title, description, time_zone, starts_local, duration,
                rrule, rdates, exdates, room, address, postcode, city, online_link, capacity, status, end_reason, ended_at,
                version, sequence, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26)
            ON CONFLICT (id) DO UPDATE SET title = excluded.title, description = excluded.description, time_zone = excluded.time_zone,
                starts_local = excluded.starts_local, duration = excluded.duration, rrule = excluded.rrule, rdates = excluded.rdates,
                exdates = excluded.exdates, room = excluded.room, address = excluded.address, postcode = excluded.postcode,
                city = excluded.city, online_link = excluded.online_link, capacity = excluded.capacity, status = excluded.status,
                end_reason = excluded.end_reason, ended_at = excluded.ended_at, version = excluded.version,
                sequence = excluded.sequence, updated_at = excluded.updated_at
            """);
        var p = upsert.Parameters;
        p.AddWithValue(s.Id);
        p.AddWithValue(s.RootId);
        p.AddWithValue(s.Kind == SeriesKind.Event ? "event" : "series");
        p.AddWithValue((object?)s.ListingId ?? DBNull.Value);
        p.AddWithValue(s.OfficeId);
        p.AddWithValue((object?)s.Title ?? DBNull.Value);
        p.AddWithValue((object?)s.Description ?? DBNull.Value);
        p.AddWithValue(s.Zone.Id);
        p.Add(new NpgsqlParameter { Value = s.StartsLocal, NpgsqlDbType = NpgsqlDbType.Timestamp });
        p.AddWithValue(s.Duration);
        p.AddWithValue((object?)s.Rule?.ToString() ?? DBNull.Value);
        p.Add(new NpgsqlParameter { Value = s.RDates.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Timestamp });
        p.Add(new NpgsqlParameter { Value = s.ExDates.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Timestamp });
        p.AddWithValue((object?)s.Place.Room ?? DBNull.Value);
        p.AddWithValue((object?)s.Place.Address ?? DBNull.Value);
        p.AddWithValue((object?)s.Place.Postcode ?? DBNull.Value);
        p.AddWithValue((object?)s.Place.City ?? DBNull.Value);
        p.AddWithValue((object?)s.Place.OnlineLink ?? DBNull.Value);
        p.AddWithValue((object?)s.Capacity ?? DBNull.Value);
        p.AddWithValue(s.Ended ? "ended" : "active");
        p.AddWithValue((object?)s.EndReason ?? DBNull.Value);
        p.AddWithValue(s.EndedAt is { } e ? e.ToUniversalTime() : DBNull.Value);
        p.AddWithValue(s.Version);
        p.AddWithValue(s.Sequence);
        p.AddWithValue(s.CreatedAt.ToUniversalTime());
        p.AddWithValue(s.UpdatedAt.ToUniversalTime());
        await upsert.ExecuteNonQueryAsync(ct);
    }

    public static async Task SaveOverrideAsync(DomainTransaction tx, Guid seriesId, OccurrenceOverride o, CancellationToken ct)
    {
        await using var upsert = tx.Command("""
            INSERT INTO overrides (series_id, recurrence_local, cancelled, starts_local, duration, room, address, postcode, city, note, sequence, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
            ON CONFLICT (series_id, recurrence_local) DO UPDATE SET cancelled = excluded.cancelled, starts_local = excluded.starts_local,
                duration = excluded.duration, room = excluded.room, address = excluded.address, postcode = excluded.postcode,
                city = excluded.city, note = excluded.note, sequence = excluded.sequence, updated_at = excluded.updated_at
            """);
        var p = upsert.Parameters;
        p.AddWithValue(seriesId);
        p.Add(new NpgsqlParameter { Value = o.RecurrenceLocal, NpgsqlDbType = NpgsqlDbType.Timestamp });
        p.Add(new NpgsqlParameter { Value = (object?)o.Cancelled ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Boolean });
        p.Add(new NpgsqlParameter { Value = (object?)o.StartsLocal ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Timestamp });
        p.Add(new NpgsqlParameter { Value = (object?)o.Duration ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Interval });
        p.AddWithValue((object?)o.Place?.Room ?? DBNull.Value);
        p.AddWithValue((object?)o.Place?.Address ?? DBNull.Value);
        p.AddWithValue((object?)o.Place?.Postcode ?? DBNull.Value);
        p.AddWithValue((object?)o.Place?.City ?? DBNull.Value);
        p.AddWithValue((object?)o.Note ?? DBNull.Value);
        p.AddWithValue(o.Sequence);
        p.AddWithValue(o.UpdatedAt.ToUniversalTime());
        await upsert.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Replaces a series' changes to single meetings (after its rule or time changed, they are re-keyed).</summary>
    public static async Task ReplaceOverridesAsync(DomainTransaction tx, Guid seriesId, IEnumerable<OccurrenceOverride> before,
        IEnumerable<OccurrenceOverride> after, CancellationToken ct)
    {
        foreach (var o in before) await DeleteOverrideAsync(tx, seriesId, o.RecurrenceLocal, ct);
        foreach (var o in after) await SaveOverrideAsync(tx, seriesId, o, ct);
    }

    public static async Task<bool> DeleteOverrideAsync(DomainTransaction tx, Guid seriesId, DateTime recurrenceLocal, CancellationToken ct)
    {
        await using var delete = tx.Command("DELETE FROM overrides WHERE series_id = $1 AND recurrence_local = $2");
        delete.Parameters.AddWithValue(seriesId);
        delete.Parameters.Add(new NpgsqlParameter { Value = recurrenceLocal, NpgsqlDbType = NpgsqlDbType.Timestamp });
        return await delete.ExecuteNonQueryAsync(ct) == 1;
    }

    public static async Task AddPauseAsync(DomainTransaction tx, Guid seriesId, Pause pause, DateTimeOffset now, CancellationToken ct)
    {
        await using var insert = tx.Command("INSERT INTO pauses (id, series_id, from_date, to_date, reason, created_at) VALUES ($1, $2, $3, $4, $5, $6)");
        insert.Parameters.AddWithValue(pause.Id);
        insert.Parameters.AddWithValue(seriesId);
        insert.Parameters.AddWithValue(pause.From);
        insert.Parameters.AddWithValue(pause.To);
        insert.Parameters.AddWithValue((object?)pause.Reason ?? DBNull.Value);
        insert.Parameters.AddWithValue(now.ToUniversalTime());
        await insert.ExecuteNonQueryAsync(ct);
    }

    public static async Task<bool> DeletePauseAsync(DomainTransaction tx, Guid seriesId, Guid pauseId, CancellationToken ct)
    {
        await using var delete = tx.Command("DELETE FROM pauses WHERE series_id = $1 AND id = $2");
        delete.Parameters.AddWithValue(seriesId);
        delete.Parameters.AddWithValue(pauseId);
        return await delete.ExecuteNonQueryAsync(ct) == 1;
    }
}
