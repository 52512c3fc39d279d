using MassTransit;
using Selbsthilfe.GroupDirectory.Contracts;
using Selbsthilfe.Messaging.Inbox;

namespace Selbsthilfe.Notifications.Api.Consumers;

/// <summary>Keeps the offices' public addresses, to write to an office about founding initiatives in its region.</summary>
public sealed class RecordOfficeConsumer(Inbox inbox) : IConsumer<OfficeRegistered>
{
    public async Task Consume(ConsumeContext<OfficeRegistered> context)
    {
        await using var tx = await inbox.BeginAsync(context, nameof(RecordOfficeConsumer));
        if (tx is null) return;

        var office = context.Message;
        await using var upsert = tx.Command("""
            INSERT INTO offices (id, name, email, registered_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, email = excluded.email
            """);
        upsert.Parameters.AddWithValue(office.OfficeId);
        upsert.Parameters.AddWithValue(office.Name);
        upsert.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)office.Email ?? DBNull.Value);
        upsert.Parameters.AddWithValue(office.RegisteredAt);
        await upsert.ExecuteNonQueryAsync(context.CancellationToken);
        await tx.CommitAsync(context.CancellationToken);
    }
}
