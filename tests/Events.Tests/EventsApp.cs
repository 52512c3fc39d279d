using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Selbsthilfe.GroupDirectory.Contracts;
using Selbsthilfe.TestSupport;

namespace Selbsthilfe.Events.Tests;

/// <summary>
/// The events service in process, on a fresh database in the run's real PostgreSQL and RabbitMQ, with a controllable
/// clock and test-signed staff tokens. Listing facts arrive as the directory sends them: published on the broker.
/// <see cref="RestartAsync"/> stops it and starts a new one on the same database, queues and clock time.
/// </summary>
public sealed class EventsApp : IAsyncLifetime, IAsyncDisposable
{
    private readonly LocalServers _servers;
    private WebApplicationFactory<Selbsthilfe.Events.Api.Scheduling.SeriesStore>? _factory;

    /// <summary>Tuesday 24 November 2026, 09:00 UTC.</summary>
    public EventsApp(LocalServers servers) : this(servers, "", "ev-" + Guid.NewGuid().ToString("N")[..8], new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero))
    {
    }

    private EventsApp(LocalServers servers, string connectionString, string queuePrefix, DateTimeOffset now)
    {
        _servers = servers;
        ConnectionString = connectionString;
        QueuePrefix = queuePrefix;
        Clock = new FakeTimeProvider(now);
    }

    public FakeTimeProvider Clock { get; }
    public StaffTokens Tokens { get; } = new();
    public string ConnectionString { get; private set; }

    /// <summary>The start of this service's queue names on the broker.</summary>
    public string QueuePrefix { get; }

    /// <summary>Stops this service and starts another on the same database and queues, at the same clock time.</summary>
    public async Task<EventsApp> RestartAsync()
    {
        await DisposeAsync();
        var next = new EventsApp(_servers, ConnectionString, QueuePrefix, Clock.GetUtcNow());
        await next.InitializeAsync();
        return next;
    }

    public async Task InitializeAsync()
    {
        if (ConnectionString.Length == 0) ConnectionString = await _servers.CreateDatabaseAsync();
        _factory = new WebApplicationFactory<Selbsthilfe.Events.Api.Scheduling.SeriesStore>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Testing");
            var settings = new Dictionary<string, string?>
            {
                ["ConnectionStrings:eventsdb"] = ConnectionString,
                ["ConnectionStrings:messaging"] = _servers.AmqpUri,
                ["Messaging:EndpointPrefix"] = QueuePrefix,
                ["Messaging:Outbox:PollInterval"] = "00:00:00.2",
                ["Events:SweepInterval"] = "01:00:00", // tests sweep explicitly (HorizonSweep.RunAsync)
            }.Concat(Tokens.Settings);
            foreach (var (key, value) in settings) web.UseSetting(key, value);
            web.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
        });
        _ = _factory.Server;
        await Task.CompletedTask;
    }

    public IServiceProvider Services => _factory!.Services;

    public HttpClient Anonymous() => _factory!.CreateClient();

    public HttpClient As(string? office, params string[] roles)
    {
        var client = _factory!.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.Create(office, roles));
        return client;
    }

    public HttpClient Editor(string office) => As(office, "office-editor");

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

    public Task<T> ScalarAsync<T>(string sql, params object[] parameters) => Sql.ScalarAsync<T>(ConnectionString, sql, parameters);

    /// <summary>The events this service raised (in its outbox), of one type, as JSON.</summary>
    public async Task<List<JsonElement>> RaisedAsync<T>(Guid? seriesId = null)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT payload::text FROM outbox_messages WHERE message_type LIKE $1 || ',%'
              AND ($2::text IS NULL OR payload->>'seriesId' = $2) ORDER BY id
            """, connection);
        command.Parameters.AddWithValue(typeof(T).FullName!);
        command.Parameters.AddWithValue((object?)seriesId?.ToString() ?? DBNull.Value);
        var result = new List<JsonElement>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) result.Add(JsonDocument.Parse(reader.GetString(0)).RootElement.Clone());
        return result;
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null) await _factory.DisposeAsync();
        _factory = null;
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
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
