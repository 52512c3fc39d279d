using MassTransit;
using Selbsthilfe.GroupDirectory.Contracts;
using Selbsthilfe.Messaging.Inbox;

namespace Selbsthilfe.Notifications.Api.Consumers;

/// <summary>
/// Which groups may be subscribed to: published and public, as the directory announces them. Versions guard against
/// out-of-order delivery. (Withdrawal also ends subscriptions' reminders once reminders exist.)
/// </summary>
public sealed class ListingFactsConsumer(Inbox inbox) :
    IConsumer<ListingPublished>, IConsumer<ListingUpdated>, IConsumer<ListingWithdrawn>
{
    public Task Consume(ConsumeContext<ListingPublished> context) => UpsertAsync(context, context.Message.ListingId, context.Message.Version,
        context.Message.Visibility == "public" && context.Message.Facts is not null, context.Message.Facts?.Name);

    public Task Consume(ConsumeContext<ListingUpdated> context) => UpsertAsync(context, context.Message.ListingId, context.Message.Version,
        context.Message.Visibility == "public" && context.Message.Facts is not null, context.Message.Facts?.Name);

    public Task Consume(ConsumeContext<ListingWithdrawn> context) =>
        UpsertAsync(context, context.Message.ListingId, context.Message.Version, subscribable: false, name: null);

    private async Task UpsertAsync(ConsumeContext context, Guid listingId, int version, bool subscribable, string? name)
    {
        await using var tx = await inbox.BeginAsync(context, nameof(ListingFactsConsumer));
        if (tx is null) return;
        await using var upsert = tx.Command("""
            INSERT INTO listings (id, version, subscribable, name, updated_at) VALUES ($1, $2, $3, $4, now())
            ON CONFLICT (id) DO UPDATE SET version = excluded.version, subscribable = excluded.subscribable,
                name = coalesce(excluded.name, listings.name), updated_at = excluded.updated_at
            WHERE listings.version <= excluded.version
            """);
        upsert.Parameters.AddWithValue(listingId);
        upsert.Parameters.AddWithValue(version);
        upsert.Parameters.AddWithValue(subscribable);
        upsert.Parameters.AddWithValue((object?)name ?? DBNull.Value);
        await upsert.ExecuteNonQueryAsync(context.CancellationToken);
        await tx.CommitAsync(context.CancellationToken);
    }
}
