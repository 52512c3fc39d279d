using Npgsql;

namespace Selbsthilfe.FoundingSupport.Api.FollowUp;

/// <summary>A task on an office's founding list (today: the follow-up with a group founded three months ago).</summary>
public sealed record OfficeTask(Guid Id, string Kind, Guid InitiativeId, Guid? ListingId, DateTimeOffset DueAt, DateTimeOffset? DoneAt);

public sealed class OfficeTasks(NpgsqlDataSource db)
{
    /// <summary>The office's tasks, open ones only unless <paramref name="includeDone"/>, oldest due first.</summary>
    public async Task<List<OfficeTask>> ListAsync(string officeId, bool includeDone, CancellationToken ct)
    {
        await using var select = db.CreateCommand("""
            SELECT id, kind, initiative_id, listing_id, due_at, done_at FROM office_tasks
            WHERE office_id = $1 AND ($2 OR done_at IS NULL) ORDER BY due_at, id
            """);
        select.Parameters.AddWithValue(officeId);
        select.Parameters.AddWithValue(includeDone);
        var tasks = new List<OfficeTask>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            tasks.Add(new OfficeTask(reader.GetGuid(0), reader.GetString(1), reader.GetGuid(2), reader.IsDBNull(3) ? null : reader.GetGuid(3),
                reader.GetFieldValue<DateTimeOffset>(4), reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5)));
        }
        return tasks;
    }

    /// <returns>False when the office has no such task.</returns>
    public async Task<bool> MarkDoneAsync(string officeId, Guid taskId, string by, DateTimeOffset now, CancellationToken ct)
    {
        await using var update = db.CreateCommand("""
            UPDATE office_tasks SET done_at = coalesce(done_at, $3), done_by = coalesce(done_by, $4) WHERE id = $1 AND office_id = $2
            """);
        update.Parameters.AddWithValue(taskId);
        update.Parameters.AddWithValue(officeId);
        update.Parameters.AddWithValue(now.ToUniversalTime());
        update.Parameters.AddWithValue(by);
        return await update.ExecuteNonQueryAsync(ct) == 1;
    }
}
