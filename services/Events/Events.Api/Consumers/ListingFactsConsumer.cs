using MassTransit;
using Selbsthilfe.Events.Api.Scheduling;
using Selbsthilfe.GroupDirectory.Contracts;
using Selbsthilfe.Messaging.Inbox;
using Selbsthilfe.Messaging.Outbox;

namespace Selbsthilfe.Events.Api.Consumers;

/// <summary>
/// Keeps the public facts of the directory's listings that Events needs: who owns a group, whether the public may see
/// it, its topics and place (for finding meetings by topic and place). Versions guard against out-of-order delivery:
/// an older version never overwrites a newer one. A withdrawal ends the group's series and cancels its future meetings.
/// </summary>
public sealed class ListingFactsConsumer(Inbox inbox, SeriesCommands commands, TimeProvider clock) :
    IConsumer<ListingPublished>, IConsumer<ListingUpdated>, IConsumer<ListingWithdrawn>
{
    public Task Consume(ConsumeContext<ListingPublished> context) =>
        UpsertAsync(context, context.Message.ListingId, context.Message.OfficeId, context.Message.Version, context.Message.Visibility, context.Message.Facts);

    public Task Consume(ConsumeContext<ListingUpdated> context) =>
        UpsertAsync(context, context.Message.ListingId, context.Message.OfficeId, context.Message.Version, context.Message.Visibility, context.Message.Facts);

    public async Task Consume(ConsumeContext<ListingWithdrawn> context)
    {
        await using var tx = await inbox.BeginAsync(context, nameof(ListingFactsConsumer));
        if (tx is null) return;
        var m = context.Message;
        await using (var upsert = tx.Command("""
            INSERT INTO listings (id, office_id, version, visibility, withdrawn, updated_at) VALUES ($1, $2, $3, 'office-only', true, $4)
            ON CONFLICT (id) DO UPDATE SET withdrawn = true, version = excluded.version, updated_at = excluded.updated_at
            WHERE listings.version <= excluded.version
            """))
        {
            upsert.Parameters.AddWithValue(m.ListingId);
            upsert.Parameters.AddWithValue(m.OfficeId);
            upsert.Parameters.AddWithValue(m.Version);
            upsert.Parameters.AddWithValue(m.OccurredAt.ToUniversalTime());
            if (await upsert.ExecuteNonQueryAsync(context.CancellationToken) == 0)
            {
                await tx.CommitAsync(context.CancellationToken); // a newer version is already known
                return;
            }
        }
        await commands.EndListingSeriesAsync(tx, m.ListingId, clock.GetUtcNow(), context.CancellationToken);
        await tx.CommitAsync(context.CancellationToken);
    }

    private async Task UpsertAsync(ConsumeContext context, Guid listingId, string officeId, int version, string visibility, ListingFacts? facts)
    {
        await using var tx = await inbox.BeginAsync(context, nameof(ListingFactsConsumer));
        if (tx is null) return;
        await using var upsert = tx.Command("""
            INSERT INTO listings (id, office_id, version, visibility, withdrawn, name, topics, postcode, city, address_public, updated_at)
            VALUES ($1, $2, $3, $4, false, $5, $6, $7, $8, $9, now())
            ON CONFLICT (id) DO UPDATE SET office_id = excluded.office_id, version = excluded.version, visibility = excluded.visibility,
                withdrawn = false, name = excluded.name, topics = excluded.topics, postcode = excluded.postcode, city = excluded.city,
                address_public = excluded.address_public, updated_at = excluded.updated_at
            WHERE listings.version < excluded.version
            """);
        upsert.Parameters.AddWithValue(listingId);
        upsert.Parameters.AddWithValue(officeId);
        upsert.Parameters.AddWithValue(version);
        upsert.Parameters.AddWithValue(visibility);
        upsert.Parameters.AddWithValue((object?)facts?.Name ?? DBNull.Value);
        upsert.Parameters.AddWithValue((facts?.Topics ?? []).ToArray());
        upsert.Parameters.AddWithValue((object?)facts?.Postcode ?? DBNull.Value);
        upsert.Parameters.AddWithValue((object?)facts?.City ?? DBNull.Value);
        upsert.Parameters.AddWithValue(facts?.Address is not null);
        if (await upsert.ExecuteNonQueryAsync(context.CancellationToken) == 1)
        {
            // A group handed over to another office: its series go with it (who may change them, who sees the link).
            await using var transfer = tx.Command("""
                UPDATE series SET office_id = $2, version = version + 1 WHERE listing_id = $1 AND office_id <> $2
                """);
            transfer.Parameters.AddWithValue(listingId);
            transfer.Parameters.AddWithValue(officeId);
            await transfer.ExecuteNonQueryAsync(context.CancellationToken);
        }
        await tx.CommitAsync(context.CancellationToken);
    }
}
