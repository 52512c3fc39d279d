using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Selbsthilfe.TestSupport;

/// <summary>
/// A service in process on a fresh database in the run's real PostgreSQL and on queues of its own (a prefix) on the
/// run's RabbitMQ, with a controllable clock. <see cref="RestartAsync"/> stops it and starts another on the same
/// database, queues and clock time.
/// </summary>
public abstract class ServiceApp<TSelf, TEntryPoint> : IAsyncLifetime, IAsyncDisposable
    where TSelf : ServiceApp<TSelf, TEntryPoint>
    where TEntryPoint : class
{
    private readonly string _database;
    private WebApplicationFactory<TEntryPoint>? _factory;

    /// <param name="database">The name of the service's connection string (ConnectionStrings:<paramref name="database"/>).</param>
    protected ServiceApp(LocalServers servers, string database, string queuePrefix, DateTimeOffset now)
    {
        Servers = servers;
        _database = database;
        QueuePrefix = queuePrefix + "-" + Guid.NewGuid().ToString("N")[..8];
        Clock = new FakeTimeProvider(now);
        Tokens = new StaffTokens();
    }

    /// <summary>The same service again: the same servers, database and queues, at the clock time <paramref name="before"/> stopped at.</summary>
    protected ServiceApp(ServiceApp<TSelf, TEntryPoint> before)
    {
        Servers = before.Servers;
        _database = before._database;
        QueuePrefix = before.QueuePrefix;
        ConnectionString = before.ConnectionString;
        Clock = new FakeTimeProvider(before.Clock.GetUtcNow());
        Tokens = before.Tokens;
    }

    protected LocalServers Servers { get; }
    public FakeTimeProvider Clock { get; }

    /// <summary>Signs staff tokens the service accepts (its settings include <see cref="StaffTokens.Settings"/>); kept across a restart.</summary>
    public StaffTokens Tokens { get; }
    public string ConnectionString { get; private set; } = "";

    /// <summary>The start of this service's queue names on the broker.</summary>
    public string QueuePrefix { get; }

    public IServiceProvider Services => Factory.Services;

    protected WebApplicationFactory<TEntryPoint> Factory => _factory ?? throw new InvalidOperationException("The service is not running.");

    /// <summary>The settings of this service besides its database, broker and queue prefix.</summary>
    protected abstract IEnumerable<KeyValuePair<string, string?>> Settings();

    /// <summary>A new instance on the same database and queues (see the copy constructor); not started.</summary>
    protected abstract TSelf Again();

    public async Task InitializeAsync()
    {
        if (ConnectionString.Length == 0) ConnectionString = await Servers.CreateDatabaseAsync();
        _factory = new WebApplicationFactory<TEntryPoint>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Testing");
            var settings = new Dictionary<string, string?>
            {
                [$"ConnectionStrings:{_database}"] = ConnectionString,
                ["ConnectionStrings:messaging"] = Servers.AmqpUri,
                ["Messaging:EndpointPrefix"] = QueuePrefix,
            }.Concat(Tokens.Settings).Concat(Settings());
            foreach (var (key, value) in settings) web.UseSetting(key, value);
            web.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
        });
        // Started as a new process would be: outside the test's execution context, which may still hold ambient state
        // (MassTransit's log context is an AsyncLocal) of an instance stopped before, disposed with it.
        Task start;
        using (ExecutionContext.SuppressFlow()) start = Task.Run(() => _ = Factory.Server);
        await start;
    }

    public HttpClient Anonymous() => Factory.CreateClient();

    public HttpClient As(string? office, params string[] roles)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Tokens.Create(office, roles));
        return client;
    }

    public HttpClient Editor(string office) => As(office, "office-editor");

    /// <summary>Stops this service and starts another on the same database and queues, at the same clock time.</summary>
    public async Task<TSelf> RestartAsync()
    {
        await StopAsync();
        var next = Again();
        await next.InitializeAsync();
        return next;
    }

    /// <summary>Stops the service; its database and queues stay.</summary>
    public async Task StopAsync()
    {
        if (_factory is not null) await _factory.DisposeAsync();
        _factory = null;
    }

    public Task<T> ScalarAsync<T>(string sql, params object[] parameters) => Sql.ScalarAsync<T>(ConnectionString, sql, parameters);

    /// <summary>
    /// The events of type <typeparamref name="T"/> this service raised (its outbox rows), in order, as JSON; a row is
    /// taken when <paramref name="condition"/> holds, in which <c>$2</c> is <paramref name="value"/> (text or NULL).
    /// </summary>
    protected async Task<List<System.Text.Json.JsonElement>> RaisedWhereAsync<T>(string condition, string? value)
    {
        await using var connection = new Npgsql.NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            $"SELECT payload::text FROM outbox_messages WHERE message_type LIKE $1 || ',%' AND {condition} ORDER BY id", connection);
        command.Parameters.AddWithValue(typeof(T).FullName!);
        command.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)value ?? DBNull.Value);
        var result = new List<System.Text.Json.JsonElement>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) result.Add(System.Text.Json.JsonDocument.Parse(reader.GetString(0)).RootElement.Clone());
        return result;
    }

    public virtual Task DisposeAsync() => StopAsync();

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
