using Npgsql;
using Selbsthilfe.Messaging.Outbox;

namespace Selbsthilfe.FoundingSupport.Api.Data;

/// <summary>
/// One way to read a table whose rows belong to an office and move through states (postings, initiatives): by id, by
/// id locked for a change, and an office's rows by state.
/// </summary>
/// <param name="select">SELECT … FROM table alias, without WHERE.</param>
/// <param name="alias">The table's alias in <paramref name="select"/>.</param>
public abstract class OfficeStateRows<T>(NpgsqlDataSource db, string select, string alias) where T : class
{
    /// <summary>The row, locked for a change in this transaction.</summary>
    public async Task<T?> LockAsync(DomainTransaction tx, Guid id, CancellationToken ct)
    {
        await using var command = tx.Command($"{select} WHERE {alias}.id = $1 FOR UPDATE OF {alias}");
        command.Parameters.AddWithValue(id);
        return (await ReadAsync(command, ct)).SingleOrDefault();
    }

    public async Task<T?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var command = db.CreateCommand($"{select} WHERE {alias}.id = $1");
        command.Parameters.AddWithValue(id);
        return (await ReadAsync(command, ct)).SingleOrDefault();
    }

    /// <summary>An office's rows in one state (all states when null), oldest first: a queue to work through.</summary>
    public async Task<List<T>> ByOfficeAsync(string officeId, string? state, CancellationToken ct)
    {
        await using var command = db.CreateCommand(
            $"{select} WHERE {alias}.office_id = $1 AND ($2::text IS NULL OR {alias}.state = $2) ORDER BY {alias}.created_at, {alias}.id");
        command.Parameters.AddWithValue(officeId);
        command.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)state ?? DBNull.Value);
        return await ReadAsync(command, ct);
    }

    protected NpgsqlCommand Command(string whereAndOrder) => db.CreateCommand(select + " " + whereAndOrder);

    protected async Task<List<T>> ReadAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var result = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) result.Add(Read(reader));
        return result;
    }

    protected abstract T Read(NpgsqlDataReader reader);
}
