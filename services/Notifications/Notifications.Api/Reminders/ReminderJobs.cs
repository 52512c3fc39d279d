using Npgsql;

namespace Selbsthilfe.Notifications.Api.Reminders;

/// <summary>Plans reminder due-rows: one per meeting and lead time that an active subscriber of its group chose.</summary>
public static class ReminderJobs
{
    /// <summary>
    /// Adds the missing reminder rows for the given meetings, or for all future meetings of a group. Reminders that
    /// would be due in the past are not planned.
    /// </summary>
    public static async Task PlanAsync(NpgsqlConnection c, NpgsqlTransaction tx, Guid[]? occurrences, Guid? listing, DateTimeOffset now,
        CancellationToken ct)
    {
        await using var insert = new NpgsqlCommand("""
            INSERT INTO jobs (id, occurrence_id, kind, lead_minutes, due_at, state, created_at)
            SELECT gen_random_uuid(), o.id, 'reminder', l.lead, o.starts_at - make_interval(mins => l.lead), 'due', $3
            FROM occurrences o
            CROSS JOIN LATERAL (SELECT DISTINCT unnest(s.lead_times_minutes) AS lead FROM subscriptions s
                                WHERE s.listing_id = o.listing_id AND s.state = 'active') l
            WHERE (($1::uuid[] IS NOT NULL AND o.id = ANY($1)) OR ($2::uuid IS NOT NULL AND o.listing_id = $2))
              AND NOT o.cancelled AND o.starts_at - make_interval(mins => l.lead) > $3
            ON CONFLICT DO NOTHING
            """, c, tx);
        insert.Parameters.Add(new NpgsqlParameter { Value = (object?)occurrences ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Uuid });
        insert.Parameters.Add(new NpgsqlParameter { Value = (object?)listing ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        insert.Parameters.AddWithValue(now.ToUniversalTime());
        await insert.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Voids the reminders still due for a meeting (it moved or will not take place).</summary>
    public static async Task VoidRemindersAsync(NpgsqlConnection c, NpgsqlTransaction tx, Guid occurrence, CancellationToken ct)
    {
        await using var update = new NpgsqlCommand(
            "UPDATE jobs SET state = 'void' WHERE occurrence_id = $1 AND kind = 'reminder' AND state = 'due'", c, tx);
        update.Parameters.AddWithValue(occurrence);
        await update.ExecuteNonQueryAsync(ct);
    }

    /// <summary>A notice to every active subscriber, due at once.</summary>
    public static async Task NoticeAsync(NpgsqlConnection c, NpgsqlTransaction tx, Guid occurrence, string kind, DateTimeOffset now, CancellationToken ct)
    {
        await using var insert = new NpgsqlCommand("""
            INSERT INTO jobs (id, occurrence_id, kind, lead_minutes, due_at, state, created_at) VALUES (gen_random_uuid(), $1, $2, 0, $3, 'due', $3)
            ON CONFLICT DO NOTHING
            """, c, tx);
        insert.Parameters.AddWithValue(occurrence);
        insert.Parameters.AddWithValue(kind);
        insert.Parameters.AddWithValue(now.ToUniversalTime());
        await insert.ExecuteNonQueryAsync(ct);
    }
}
