using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Selbsthilfe.GroupDirectory.Contracts;
using Selbsthilfe.TestSupport;

namespace Selbsthilfe.Events.Tests;

/// <summary>
/// The events service in process (see <see cref="ServiceApp{TSelf, TEntryPoint}"/>), with test-signed staff tokens.
/// Listing facts arrive as the directory sends them: published on the broker.
/// </summary>
public sealed class EventsApp : ServiceApp<EventsApp, Selbsthilfe.Events.Api.Scheduling.SeriesStore>
{
    /// <summary>Tuesday 24 November 2026, 09:00 UTC.</summary>
    public EventsApp(LocalServers servers) : base(servers, "eventsdb", "ev", new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero))
    {
    }

    private EventsApp(EventsApp before) : base(before)
    {
    }

    protected override EventsApp Again() => new(this);

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => new Dictionary<string, string?>
    {
        ["Messaging:Outbox:PollInterval"] = "00:00:00.2",
        ["Events:SweepInterval"] = "01:00:00", // tests sweep explicitly (HorizonSweep.RunAsync)
    };

    /// <summary>Publishes a listing as the directory does and waits until this service has taken its facts.</summary>
    public async Task<Guid> PublishListingAsync(string officeId, string visibility = "public", bool addressPublic = true,
        string[]? topics = null, string postcode = "14467", string city = "Potsdam")
    {
        var id = Guid.NewGuid();
        await Services.GetRequiredService<IBus>().Publish(new ListingPublished
        {
            ListingId = id, OfficeId = officeId, Version = 1, Visibility = visibility, OccurredAt = Clock.GetUtcNow(),
            Facts = visibility != "public" ? null : new ListingFacts
            {
                Name = "Selbsthilfegruppe Test", Topics = topics ?? ["depression"], Audience = "affected", Languages = ["de"],
                Setting = "in-person", Openness = "open", Accessibility = [], Postcode = postcode, City = city,
                Address = addressPublic ? "Hegelallee 1" : null,
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
    }

    public static string NewOffice() => "office-" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>The events this service raised (in its outbox), of one type, as JSON; of one series when given.</summary>
    public Task<List<JsonElement>> RaisedAsync<T>(Guid? seriesId = null) =>
        RaisedWhereAsync<T>("($2 IS NULL OR payload->>'seriesId' = $2)", seriesId?.ToString());
}

/// <summary>Servers and one service for the whole run; each test makes its own data.</summary>
public sealed class EventsFixture : ServersFixture<EventsApp>
{
    protected override EventsApp Create(LocalServers servers) => new(servers);
}

[CollectionDefinition(Name)]
public sealed class EventsCollection : ICollectionFixture<EventsFixture>
{
    public const string Name = "events";
}

/// <summary>Runs the independent ICS reader (Python icalendar + dateutil) over a feed.</summary>
public static class IndependentIcs
{
    public sealed record Meeting(string Uid, string RecurrenceId, DateTimeOffset Start, string Status);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<List<Meeting>> ReadAsync(string ics, DateTimeOffset from, DateTimeOffset to)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "ics_occurrences.py");
        var start = new ProcessStartInfo("/usr/bin/python3", [script, from.ToString("O"), to.ToString("O")])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(ics);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException("The independent ICS reader failed: " + error);
        return JsonSerializer.Deserialize<List<Meeting>>(output, Json)!;
    }
}
