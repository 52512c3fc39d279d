using MassTransit;
using Selbsthilfe.GroupDirectory.Contracts;
using Selbsthilfe.Messaging.Inbox;

namespace Selbsthilfe.FoundingSupport.Api.Consumers;

/// <summary>Keeps Founding's own table of offices by region, from which initiatives get their office.</summary>
public sealed class RecordOfficeConsumer(Inbox inbox) : IConsumer<OfficeRegistered>
{
    public async Task Consume(ConsumeContext<OfficeRegistered> context)
    {
        await using var tx = await inbox.BeginAsync(context, nameof(RecordOfficeConsumer));
        if (tx is null) return;

        var office = context.Message;
        await using var upsert = tx.Command("""
            INSERT INTO offices (id, name, region_postcode_prefixes, registered_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, region_postcode_prefixes = excluded.region_postcode_prefixes
            """);
        upsert.Parameters.AddWithValue(office.OfficeId);
        upsert.Parameters.AddWithValue(office.Name);
        upsert.Parameters.AddWithValue(office.RegionPostcodePrefixes.ToArray());
        upsert.Parameters.AddWithValue(office.RegisteredAt);
        await upsert.ExecuteNonQueryAsync(context.CancellationToken);
        await tx.CommitAsync(context.CancellationToken);
    }
}
