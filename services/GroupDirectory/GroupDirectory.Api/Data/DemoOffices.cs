using Npgsql;
using Selbsthilfe.GroupDirectory.Api.Listings;
using Selbsthilfe.GroupDirectory.Api.Offices;
using Selbsthilfe.GroupDirectory.Api.Taxonomy;
using Selbsthilfe.ServiceDefaults.Security;

namespace Selbsthilfe.GroupDirectory.Api.Data;

/// <summary>
/// Development only: the four offices of the seed pages and about 200 clearly fictional groups in their regions,
/// written through the same use cases as real ones (so Founding and Events learn of them by event), so that a first
/// start shows something real. The offices carry the public contact data their own pages publish (only the facts those
/// pages give: nothing is made up). An existing demo office without any contact data gets it on the next start, through
/// the same update as <c>PUT /offices/{id}</c>; one whose contact data anybody has set is left as it is. Groups are
/// added only to an empty directory.
/// </summary>
public sealed class DemoOffices(OfficeRegistration registration, ListingStore listings, TopicTaxonomy taxonomy, NpgsqlDataSource db,
    ILogger<DemoOffices> logger) : IHostedService
{
    public const int GroupCount = 200;

    public static readonly Office[] All =
    [
        // The Berlin seed page publishes no contact data.
        new("sekis-berlin", "SEKIS Berlin", ["10", "12", "13"]),
        new("sekiz-potsdam", "SEKIZ Potsdam", ["144", "145"], new OfficeContact(
            Address: "Hermann-Elflein-Straße 11, 14467 Potsdam",
            Phone: "0331 6 200 280",
            Email: "hilfe@sekiz.de",
            OpeningHours: "Mo–Fr 10–16 Uhr, Termine auch nach Vereinbarung")),
        // Dresden's office page is part of the city's site; it gives no address or phone.
        new("kiss-dresden", "KISS Dresden", ["010", "011", "012", "013"], new OfficeContact(
            Website: "https://www.dresden.de/de/leben/gesundheit/beratung/selbsthilfe/aufgaben.php")),
        new("selbsthilfe-kassel", "Selbsthilfe Kassel", ["341", "342", "343"], new OfficeContact(Website: "https://selbsthilfe.kassel.de/")),
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var office in All)
        {
            if (!await registration.RegisterAsync(office, cancellationToken) && office.Contact is not null && await HasNoContactAsync(office.Id, cancellationToken))
                await registration.UpdateAsync(office, cancellationToken);
        }
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

    /// <summary>True when the office exists and none of its contact fields is set (demo offices of an earlier version).</summary>
    private async Task<bool> HasNoContactAsync(string officeId, CancellationToken ct)
    {
        await using var command = db.CreateCommand("""
            SELECT 1 FROM offices WHERE id = $1 AND peer_id IS NULL
              AND address IS NULL AND phone IS NULL AND email IS NULL AND website IS NULL AND opening_hours IS NULL
            """);
        command.Parameters.AddWithValue(officeId);
        return await command.ExecuteScalarAsync(ct) is not null;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
