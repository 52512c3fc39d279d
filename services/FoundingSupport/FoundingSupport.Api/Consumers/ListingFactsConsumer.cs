using MassTransit;
using Selbsthilfe.GroupDirectory.Contracts;
using Selbsthilfe.Messaging.Inbox;

namespace Selbsthilfe.FoundingSupport.Api.Consumers;

/// <summary>
/// Keeps the public facts of the directory's listings that suggestions need: topics, place, openness and setting.
/// Versions guard against out-of-order delivery: an older version never overwrites a newer one.
/// </summary>
public sealed class ListingFactsConsumer(Inbox inbox) : IConsumer<ListingPublished>, IConsumer<ListingUpdated>, IConsumer<ListingWithdrawn>
{
    public Task Consume(ConsumeContext<ListingPublished> context) => UpsertAsync(context, context.Message.ListingId, context.Message.OfficeId,
        context.Message.Version, context.Message.Visibility, context.Message.Facts, context.Message.OccurredAt);

    public Task Consume(ConsumeContext<ListingUpdated> context) => UpsertAsync(context, context.Message.ListingId, context.Message.OfficeId,
        context.Message.Version, context.Message.Visibility, context.Message.Facts, context.Message.OccurredAt);

    public Task Consume(ConsumeContext<ListingWithdrawn> context) => UpsertAsync(context, context.Message.ListingId, context.Message.OfficeId,
        context.Message.Version, "office-only", null, context.Message.OccurredAt, withdrawn: true);

    private async Task UpsertAsync(ConsumeContext context, Guid listingId, string officeId, int version, string visibility, ListingFacts? facts,
        DateTimeOffset at, bool withdrawn = false)
    {
        await using var tx = await inbox.BeginAsync(context, nameof(ListingFactsConsumer));
        if (tx is null) return;
        await using var upsert = tx.Command("""
            INSERT INTO listings (id, office_id, version, visibility, withdrawn, name, topics, postcode, city, openness, setting, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
            ON CONFLICT (id) DO UPDATE SET office_id = excluded.office_id, version = excluded.version, visibility = excluded.visibility,
                withdrawn = excluded.withdrawn, name = excluded.name, topics = excluded.topics, postcode = excluded.postcode,
                city = excluded.city, openness = excluded.openness, setting = excluded.setting, updated_at = excluded.updated_at
            WHERE listings.version <= excluded.version
            """);
        upsert.Parameters.AddWithValue(listingId);
        upsert.Parameters.AddWithValue(officeId);
        upsert.Parameters.AddWithValue(version);
        upsert.Parameters.AddWithValue(visibility);
        upsert.Parameters.AddWithValue(withdrawn);
        upsert.Parameters.AddWithValue((object?)facts?.Name ?? DBNull.Value);
        upsert.Parameters.AddWithValue((facts?.Topics ?? []).ToArray());
        upsert.Parameters.AddWithValue((object?)facts?.Postcode ?? DBNull.Value);
        upsert.Parameters.AddWithValue((object?)facts?.City ?? DBNull.Value);
        upsert.Parameters.AddWithValue((object?)facts?.Openness ?? DBNull.Value);
        upsert.Parameters.AddWithValue((object?)facts?.Setting ?? DBNull.Value);
        upsert.Parameters.AddWithValue(at.ToUniversalTime());
        await upsert.ExecuteNonQueryAsync(context.CancellationToken);
        await tx.CommitAsync(context.CancellationToken);
    }
}
