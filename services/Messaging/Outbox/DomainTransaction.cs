using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Npgsql;

namespace Selbsthilfe.Messaging.Outbox;

/// <summary>
/// One PostgreSQL transaction for a domain change and the integration events it raises. The events are rows in
/// <c>outbox_messages</c> of the same transaction, so either both commit or neither does; the relay publishes them
/// after the commit. Begin one with <see cref="TransactionalOutbox.BeginAsync"/> (or, in a consumer,
/// <see cref="Inbox.Inbox.BeginAsync"/>).
/// </summary>
public sealed class DomainTransaction : IAsyncDisposable
{
    /// <summary>
    /// The payloads' JSON. Stored as written (<c>json</c>, not <c>jsonb</c>: nothing queries into them, and parsing them
    /// on insert and printing them again for the relay cost more than the rest of an outbox row), so letters such as
    /// "ä" are kept as they are, not escaped: the rows stay readable, and a test looking for a word in them finds it.
    /// </summary>
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly OutboxSignal _signal;
    private readonly bool _notifyOtherReplicas;
    private bool _raised;

    internal DomainTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction, OutboxSignal signal, bool notifyOtherReplicas)
    {
        Connection = connection;
        Transaction = transaction;
        _signal = signal;
        _notifyOtherReplicas = notifyOtherReplicas;
    }

    public NpgsqlConnection Connection { get; }
    public NpgsqlTransaction Transaction { get; }

    public NpgsqlCommand Command(string sql) => new(sql, Connection, Transaction);

    /// <summary>
    /// Stores <paramref name="message"/> for publication when this transaction commits. Events of one
    /// <paramref name="aggregateId"/> are published in the order they were raised. The current trace context goes
    /// with the row, so the consumer's span joins the trace of the request that caused the change.
    /// </summary>
    public async Task RaiseAsync<T>(string aggregateId, T message, CancellationToken ct = default) where T : class
    {
        ArgumentException.ThrowIfNullOrEmpty(aggregateId);
        var activity = Activity.Current;
        await using var insert = Command("""
            INSERT INTO outbox_messages (message_id, aggregate_id, message_type, payload, trace_parent, trace_state)
            VALUES ($1, $2, $3, $4::json, $5, $6)
            """);
        insert.Parameters.AddWithValue(NewId.NextGuid());
        insert.Parameters.AddWithValue(aggregateId);
        insert.Parameters.AddWithValue(MessageTypes.NameOf(typeof(T)));
        insert.Parameters.AddWithValue(JsonSerializer.Serialize(message, Json));
        insert.Parameters.AddWithValue((object?)activity?.Id ?? DBNull.Value);
        insert.Parameters.AddWithValue((object?)activity?.TraceStateString ?? DBNull.Value);
        await insert.ExecuteNonQueryAsync(ct);
        _raised = true;
    }

    /// <summary>
    /// Stores many events in one statement (a materialisation raises thousands), in the given order, which is the
    /// order of publication per aggregate. Same guarantees as <see cref="RaiseAsync{T}"/>.
    /// </summary>
    public Task RaiseAllAsync(IReadOnlyList<(string AggregateId, object Message)> messages, CancellationToken ct = default) =>
        RaiseAllAsync(Serialize(messages), ct);

    /// <summary>
    /// Serialises events for <see cref="RaiseAllAsync(OutboxBatch, CancellationToken)"/>. It needs no connection, so a
    /// writer of thousands can do it on another thread while its transaction runs a statement.
    /// </summary>
    public static OutboxBatch Serialize(IReadOnlyList<(string AggregateId, object Message)> messages)
    {
        var batch = new OutboxBatch(messages.Count);
        for (var i = 0; i < messages.Count; i++)
        {
            var (aggregateId, message) = messages[i];
            ArgumentException.ThrowIfNullOrEmpty(aggregateId);
            batch.Ids[i] = NewId.NextGuid();
            batch.Aggregates[i] = aggregateId;
            batch.Types[i] = MessageTypes.NameOf(message.GetType());
            batch.Payloads[i] = JsonSerializer.Serialize(message, message.GetType(), Json);
        }
        return batch;
    }

    /// <summary>Stores events serialised with <see cref="Serialize"/>, as <see cref="RaiseAllAsync(IReadOnlyList{ValueTuple{string, object}}, CancellationToken)"/> does.</summary>
    public async Task RaiseAllAsync(OutboxBatch batch, CancellationToken ct = default)
    {
        if (batch.Ids.Length == 0) return;
        var activity = Activity.Current;
        await using var insert = Command("""
            INSERT INTO outbox_messages (message_id, aggregate_id, message_type, payload, trace_parent, trace_state)
            SELECT m.id, m.aggregate_id, m.message_type, m.payload::json, $5, $6
            FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS m (id, aggregate_id, message_type, payload, n)
            ORDER BY m.n
            """);
        insert.Parameters.AddWithValue(batch.Ids);
        insert.Parameters.AddWithValue(batch.Aggregates);
        insert.Parameters.AddWithValue(batch.Types);
        insert.Parameters.AddWithValue(batch.Payloads);
        insert.Parameters.AddWithValue((object?)activity?.Id ?? DBNull.Value);
        insert.Parameters.AddWithValue((object?)activity?.TraceStateString ?? DBNull.Value);
        await insert.ExecuteNonQueryAsync(ct);
        _raised = true;
    }

    public async Task CommitAsync(CancellationToken ct = default)
    {
        if (_raised && _notifyOtherReplicas)
        {
            await using var notify = Command($"NOTIFY {OutboxRelay.Channel}");
            await notify.ExecuteNonQueryAsync(ct);
        }
        await Transaction.CommitAsync(ct);
        if (_raised) _signal.Notify();
    }

    public async ValueTask DisposeAsync()
    {
        await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
    }
}

/// <summary>Events serialised for the outbox (<see cref="DomainTransaction.Serialize"/>), not stored yet.</summary>
public sealed class OutboxBatch
{
    internal OutboxBatch(int count) => (Ids, Aggregates, Types, Payloads) = (new Guid[count], new string[count], new string[count], new string[count]);

    internal Guid[] Ids { get; }
    internal string[] Aggregates { get; }
    internal string[] Types { get; }
    internal string[] Payloads { get; }
}
