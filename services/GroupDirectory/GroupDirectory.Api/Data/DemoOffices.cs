using Npgsql;
using Selbsthilfe.GroupDirectory.Api.Listings;
using Selbsthilfe.GroupDirectory.Api.Offices;
using Selbsthilfe.GroupDirectory.Api.Taxonomy;
using Selbsthilfe.ServiceDefaults.Security;

namespace Selbsthilfe.GroupDirectory.Api.Data;

/// <summary>
/// Development only: the four offices of the seed pages and about 200 clearly fictional groups in their regions,
/// written through the same use cases as real ones (so Founding and Events learn of them by event), so that a first
/// start shows something real. Offices that exist are left as they are; groups are added only to an empty directory.
/// </summary>
internal sealed class DemoOffices(OfficeRegistration registration, ListingStore listings, TopicTaxonomy taxonomy, NpgsqlDataSource db,
    ILogger<DemoOffices> logger) : IHostedService
{
    public const int GroupCount = 200;

    public static readonly Office[] All =
    [
        new("sekis-berlin", "SEKIS Berlin", ["10", "12", "13"]),
        new("sekiz-potsdam", "SEKIZ Potsdam", ["144", "145"]),
        new("kiss-dresden", "KISS Dresden", ["010", "011", "012", "013"]),
        new("selbsthilfe-kassel", "Selbsthilfe Kassel", ["341", "342", "343"]),
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var office in All) await registration.RegisterAsync(office, cancellationToken);
        await using (var any = db.CreateCommand("SELECT EXISTS (SELECT FROM listings)"))
        {
            if (await any.ExecuteScalarAsync(cancellationToken) is true) return;
        }
        var created = 0;
        foreach (var (officeId, request) in DemoGroups.Generate(taxonomy, DemoGroups.DemoRegions, GroupCount, seed: 2026))
        {
            if (ListingRules.Validate(request, taxonomy, out var content).Count > 0) continue;
            var listing = await listings.CreateAsync(officeId, content!, cancellationToken);
            if (listing is null) continue;
            await listings.PublishAsync(listing.Id, null, StaffAuthentication.OfficeEditor(officeId, "demo-data"), cancellationToken);
            created++;
        }
        if (logger.IsEnabled(LogLevel.Information)) logger.LogInformation("Demo data: {Count} fictional groups listed", created);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
