using Microsoft.Extensions.Options;
using Npgsql;
using Selbsthilfe.GroupDirectory.Api.Data;
using Selbsthilfe.GroupDirectory.Api.Listings;
using Selbsthilfe.GroupDirectory.Api.Offices;
using Selbsthilfe.GroupDirectory.Api.Taxonomy;
using Selbsthilfe.Messaging;
using Selbsthilfe.Messaging.Outbox;

namespace Selbsthilfe.Bench;

/// <summary>
/// Fills a migrated directory database with N realistic, fictional listings across Germany through the directory's
/// own write path (validation, search documents, coordinates rules) in pages, all published.
/// Bulk data needs no integration events: the outbox rows are removed afterwards. Offices' ids start with
/// <c>officePrefix</c>, so that two filled instances can follow each other without claiming the same offices.
/// </summary>
public static class Generator
{
    public static async Task<int> FillAsync(string connectionString, int count, int seed = 42, string officePrefix = "")
    {
        var regions = DemoGroups.Nationwide.Select(r => r with { OfficeId = officePrefix + r.OfficeId }).ToList();
        await using var db = NpgsqlDataSource.Create(connectionString);
        var taxonomy = TopicTaxonomy.LoadShipped();
        using var signal = new OutboxSignal();
        var outbox = new TransactionalOutbox(db, signal, Options.Create(new MessagingOptions()));
        var store = new ListingStore(db, outbox, taxonomy, TimeProvider.System);
        var offices = new OfficeRegistration(outbox, TimeProvider.System);
        foreach (var region in regions)
            await offices.RegisterAsync(new Office(region.OfficeId, region.OfficeName, [region.Places[0].Postcode[..2]]), CancellationToken.None);

        // Pages of 1,000 through the store's set-based path: one transaction (and one change-log step) per page.
        var created = 0;
        foreach (var page in DemoGroups.Generate(taxonomy, regions, count, seed).Chunk(1000))
        {
            var valid = new List<(string, ListingContent)>(page.Length);
            foreach (var (officeId, request) in page)
                if (ListingRules.Validate(request, taxonomy, out var content).Count == 0) valid.Add((officeId, content!));
            created += (await store.PublishNewAsync(valid, CancellationToken.None)).Count;
        }
        await using (var clean = db.CreateCommand("DELETE FROM outbox_messages WHERE message_type LIKE '%Listing%'")) await clean.ExecuteNonQueryAsync();
        await using (var analyze = db.CreateCommand("ANALYZE listings")) await analyze.ExecuteNonQueryAsync();
        return created;
    }
}
