using Microsoft.Extensions.Options;
using Npgsql;
using Selbsthilfe.GroupDirectory.Api.Data;
using Selbsthilfe.GroupDirectory.Api.Listings;
using Selbsthilfe.GroupDirectory.Api.Offices;
using Selbsthilfe.GroupDirectory.Api.Taxonomy;
using Selbsthilfe.Messaging;
using Selbsthilfe.Messaging.Outbox;
using Selbsthilfe.ServiceDefaults.Security;

namespace Selbsthilfe.Bench;

/// <summary>
/// Fills a migrated directory database with N realistic, fictional listings across Germany through the directory's
/// own write path (validation, search documents, coordinates rules), several writers at once, all published.
/// Bulk data needs no integration events: the outbox rows are removed afterwards.
/// </summary>
public static class Generator
{
    public static async Task<int> FillAsync(string connectionString, int count, int writers = 8, int seed = 42)
    {
        await using var db = NpgsqlDataSource.Create(connectionString);
        var taxonomy = TopicTaxonomy.LoadShipped();
        using var signal = new OutboxSignal();
        var outbox = new TransactionalOutbox(db, signal, Options.Create(new MessagingOptions()));
        var store = new ListingStore(db, outbox, taxonomy, TimeProvider.System);
        var offices = new OfficeRegistration(outbox, TimeProvider.System);
        foreach (var region in DemoGroups.Nationwide)
            await offices.RegisterAsync(new Office(region.OfficeId, region.OfficeName, [region.Places[0].Postcode[..2]]), CancellationToken.None);

        var work = DemoGroups.Generate(taxonomy, DemoGroups.Nationwide, count, seed).GetEnumerator();
        var created = 0;
        var gate = new object();
        async Task Writer()
        {
            while (true)
            {
                (string OfficeId, ListingRequest Listing) next;
                lock (gate)
                {
                    if (!work.MoveNext()) return;
                    next = work.Current;
                }
                if (ListingRules.Validate(next.Listing, taxonomy, out var content).Count > 0) continue;
                var listing = await store.CreateAsync(next.OfficeId, content!, CancellationToken.None);
                await store.PublishAsync(listing!.Id, null, StaffAuthentication.OfficeEditor(next.OfficeId, "generator"), CancellationToken.None);
                Interlocked.Increment(ref created);
            }
        }
        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(Writer)));
        await using (var clean = db.CreateCommand("DELETE FROM outbox_messages WHERE message_type LIKE '%Listing%'")) await clean.ExecuteNonQueryAsync();
        await using (var analyze = db.CreateCommand("ANALYZE listings")) await analyze.ExecuteNonQueryAsync();
        return created;
    }
}
