using Microsoft.Extensions.Options;
using Npgsql;

namespace Selbsthilfe.Messaging.Outbox;

/// <summary>Begins domain transactions on the service's database. Request handlers never publish to the bus.</summary>
public sealed class TransactionalOutbox(NpgsqlDataSource dataSource, OutboxSignal signal, IOptions<MessagingOptions> options)
{
    public async Task<DomainTransaction> BeginAsync(CancellationToken ct = default)
    {
        var connection = await dataSource.OpenConnectionAsync(ct);
        try
        {
            var transaction = await connection.BeginTransactionAsync(ct);
            return new DomainTransaction(connection, transaction, signal, options.Value.Outbox.NotifyOtherReplicas);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
