using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Selbsthilfe.GroupDirectory.Contracts;
using Selbsthilfe.Notifications.Contracts;
using Selbsthilfe.TestSupport;

namespace Selbsthilfe.FoundingSupport.Tests;

/// <summary>
/// The founding service in process (see <see cref="ServiceApp{TSelf, TEntryPoint}"/>), with test-signed staff tokens.
/// Offices and listings arrive as the directory sends them: published on the broker.
/// </summary>
public sealed class FoundingApp : ServiceApp<FoundingApp, Api.Initiatives.InitiativeStore>
{
    private static int _nextRegion = Random.Shared.Next(1000, 5000);

    public FoundingApp(LocalServers servers) : base(servers, "foundingdb", "fo", new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero))
    {
    }

    private FoundingApp(FoundingApp before) : base(before)
    {
    }

    protected override FoundingApp Again() => new(this);

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => new Dictionary<string, string?>
    {
        ["Messaging:Outbox:PollInterval"] = "00:00:00.2",
        ["Founding:SweepInterval"] = "1.00:00:00", // tests sweep explicitly (FollowUpSweep.RunAsync)
    };

    /// <summary>
    /// Registers an office as the directory announces it, with a region of its own (a four-digit postcode prefix no
    /// other test uses), and waits until this service knows it. Its postcodes are <c>Region + one digit</c>.
    /// </summary>
    public async Task<(string Office, string Region)> RegisterOfficeAsync()
    {
        var office = "office-" + Guid.NewGuid().ToString("N")[..10];
        var region = Interlocked.Increment(ref _nextRegion).ToString("D4");
        await Services.GetRequiredService<IBus>().Publish(new OfficeRegistered
        {
            OfficeId = office, Name = "Kontaktstelle " + region, RegionPostcodePrefixes = [region], RegisteredAt = Clock.GetUtcNow(),
        });
        await Eventually.TrueAsync(async () => await ScalarAsync<long>("SELECT count(*) FROM offices WHERE id = $1", office) == 1,
            because: "the office should arrive");
        return (office, region);
    }

    /// <summary>Confirms contact references as Notifications does after the double opt-in, and waits until this service counts them.</summary>
    public async Task ConfirmContactsAsync(params Guid[] contactRefs)
    {
        var bus = Services.GetRequiredService<IBus>();
        foreach (var contactRef in contactRefs) await bus.Publish(new ContactConfirmed(contactRef, Clock.GetUtcNow()));
        await Eventually.TrueAsync(async () =>
            await ScalarAsync<long>("SELECT count(*) FROM confirmed_contacts WHERE contact_ref = ANY($1) AND confirmed_at IS NOT NULL", contactRefs) == contactRefs.Length,
            because: "the confirmations should arrive");
    }

    /// <summary>Publishes a listing's facts as the directory does and waits until this service has them.</summary>
    public async Task<Guid> PublishListingAsync(string officeId, string topic, string postcode, string openness = "open", string setting = "in-person",
        string name = "Selbsthilfegruppe")
    {
        var id = Guid.NewGuid();
        await Services.GetRequiredService<IBus>().Publish(new ListingPublished
        {
            ListingId = id, OfficeId = officeId, Version = 1, Visibility = "public", OccurredAt = Clock.GetUtcNow(),
            Facts = new ListingFacts
            {
                Name = name, Topics = [topic], Audience = "affected", Languages = ["de"], Setting = setting, Openness = openness,
                Accessibility = [], Postcode = postcode, City = "Teststadt",
            },
        });
        await Eventually.TrueAsync(async () => await ScalarAsync<long>("SELECT count(*) FROM listings WHERE id = $1", id) == 1,
            because: "the listing's facts should arrive");
        return id;
    }

    public async Task WithdrawListingAsync(Guid listingId, string officeId)
    {
        await Services.GetRequiredService<IBus>().Publish(new ListingWithdrawn
        {
            ListingId = listingId, OfficeId = officeId, Version = 2, OccurredAt = Clock.GetUtcNow(),
        });
        await Eventually.TrueAsync(async () => await ScalarAsync<bool>("SELECT withdrawn FROM listings WHERE id = $1", listingId),
            because: "the withdrawal should arrive");
    }

    public static string NewTopic() => "thema-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>The events of type <typeparamref name="T"/> this service raised (in its outbox) about one aggregate, in order, as JSON.</summary>
    public Task<List<JsonElement>> RaisedAsync<T>(Guid aggregateId) => RaisedWhereAsync<T>("aggregate_id = $2", aggregateId.ToString());
}

/// <summary>Servers and one service for the whole run; each test makes its own office, region and topic.</summary>
public sealed class FoundingFixture : ServersFixture<FoundingApp>
{
    protected override FoundingApp Create(LocalServers servers) => new(servers);
}

[CollectionDefinition(Name)]
public sealed class FoundingCollection : ICollectionFixture<FoundingFixture>
{
    public const string Name = "founding";
}
