using MassTransit;
using Microsoft.Extensions.Options;
using Npgsql;
using Selbsthilfe.Messaging.Outbox;

namespace Selbsthilfe.Messaging.Inbox;

/// <summary>
/// Makes a consumer idempotent: its effects and an <c>inbox_messages (message_id, consumer)</c> row commit in one
/// transaction. A redelivered message finds the row, is acknowledged and skipped. A concurrent duplicate waits on the
/// row's key until the first commits (then skips) or rolls back (then runs).
/// </summary>
public sealed class Inbox(NpgsqlDataSource dataSource, OutboxSignal signal, MessagingMetrics metrics, IOptions<MessagingOptions> options)
{
    /// <returns>The transaction to do the consumer's work in, or null when this message was already handled.</returns>
    public async Task<DomainTransaction?> BeginAsync(ConsumeContext context, string consumer)
    {
        var messageId = context.MessageId ?? throw new InvalidOperationException("A message without a message id cannot be de-duplicated.");
        var connection = await dataSource.OpenConnectionAsync(context.CancellationToken);
        var transaction = await connection.BeginTransactionAsync(context.CancellationToken);
        var work = new DomainTransaction(connection, transaction, signal, options.Value.Outbox.NotifyOtherReplicas);
        try
        {
            await using var claim = work.Command(
                "INSERT INTO inbox_messages (message_id, consumer) VALUES ($1, $2) ON CONFLICT DO NOTHING");
            claim.Parameters.AddWithValue(messageId);
            claim.Parameters.AddWithValue(consumer);
            if (await claim.ExecuteNonQueryAsync(context.CancellationToken) == 1) return work;
        }
        catch
        {
            await work.DisposeAsync();
            throw;
        }

        await work.DisposeAsync();
        metrics.DuplicateSkipped(consumer);
        return null;
    }
}
