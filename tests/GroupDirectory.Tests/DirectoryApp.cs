using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Selbsthilfe.TestSupport;

namespace GroupDirectory.Tests;

/// <summary>
/// The directory service in process, on its own fresh database in the run's real PostgreSQL and RabbitMQ, with a
/// controllable clock and test-signed staff tokens.
/// </summary>
public sealed class DirectoryApp : IAsyncLifetime
{
    private readonly LocalServers _servers;
    private WebApplicationFactory<Selbsthilfe.GroupDirectory.Api.Listings.ListingStore>? _factory;

    public DirectoryApp(LocalServers servers) => _servers = servers;

    /// <summary>Another instance on a database of its own, or on <paramref name="connectionString"/> (a restart).</summary>
    /// <param name="peers">Answers this instance's requests to peers (another instance's in-memory server).</param>
    public DirectoryApp(LocalServers servers, string? connectionString, Func<HttpMessageHandler>? peers,
        IReadOnlyDictionary<string, string?>? settings = null) : this(servers)
    {
        ConnectionString = connectionString ?? "";
        _peers = peers;
        _settings = settings ?? new Dictionary<string, string?>();
    }

    private readonly Func<HttpMessageHandler>? _peers;
    private readonly IReadOnlyDictionary<string, string?> _settings = new Dictionary<string, string?>();

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
    public StaffTokens Tokens { get; } = new();
    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (ConnectionString.Length == 0) ConnectionString = await _servers.CreateDatabaseAsync();
        _factory = new WebApplicationFactory<Selbsthilfe.GroupDirectory.Api.Listings.ListingStore>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Testing");
            // UseSetting, not ConfigureAppConfiguration: a minimal-hosting Program reads configuration while it builds.
            var settings = new Dictionary<string, string?>
            {
                ["ConnectionStrings:directorydb"] = ConnectionString,
                ["ConnectionStrings:messaging"] = _servers.AmqpUri,
                ["Messaging:EndpointPrefix"] = "dir-" + Guid.NewGuid().ToString("N")[..8],
                ["Messaging:Outbox:PollInterval"] = "00:00:00.2",
                ["DemoData:Enabled"] = "false",
            }.Concat(Tokens.Settings).Concat(_settings);
            foreach (var (key, value) in settings) web.UseSetting(key, value);
            web.UseSetting("Federation:PollInterval", "01:00:00"); // tests pull explicitly (PeerPuller.PullAsync)
            web.ConfigureServices(services =>
            {
                services.AddSingleton<TimeProvider>(Clock);
                if (_peers is { } peers) services.AddHttpClient(Selbsthilfe.GroupDirectory.Api.Federation.PeerPuller.HttpClientName).ConfigurePrimaryHttpMessageHandler(peers);
            });
        });
        _ = _factory.Server;
        await Task.CompletedTask;
    }

    public HttpClient Anonymous() => _factory!.CreateClient();

    public IServiceProvider Services => _factory!.Services;

    /// <summary>A handler that sends requests into this instance, for another instance that follows it.</summary>
    public HttpMessageHandler Handler() => _factory!.Server.CreateHandler();

    public HttpClient As(string? office, params string[] roles)
    {
        var client = _factory!.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.Create(office, roles));
        return client;
    }

    public HttpClient PlatformAdmin() => As(null, "platform-admin");

    /// <summary>Registers an office with a unique id and returns the id.</summary>
    public async Task<string> NewOfficeAsync(string name = "Kontaktstelle Test", params string[] prefixes)
    {
        var id = "office-" + Guid.NewGuid().ToString("N")[..10];
        using var admin = PlatformAdmin();
        var response = await admin.PostAsJsonAsync("/api/directory/offices",
            new { id, name, regionPostcodePrefixes = prefixes.Length > 0 ? prefixes : ["14"] });
        response.EnsureSuccessStatusCode();
        return id;
    }

    public Task<T> ScalarAsync<T>(string sql, params object[] parameters) => Sql.ScalarAsync<T>(ConnectionString, sql, parameters);

    public async Task DisposeAsync()
    {
        if (_factory is not null) await _factory.DisposeAsync();
    }
}

/// <summary>Servers and one service for the whole run; each test makes its own data.</summary>
public sealed class DirectoryFixture : ServersFixture<DirectoryApp>
{
    protected override DirectoryApp Create(LocalServers servers) => new(servers);
}

[CollectionDefinition(Name)]
public sealed class DirectoryCollection : ICollectionFixture<DirectoryFixture>
{
    public const string Name = "directory";
}
