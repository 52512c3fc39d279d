using System.Net;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Selbsthilfe.Messaging;
using Selbsthilfe.Messaging.Outbox;
using Selbsthilfe.ServiceDefaults.Data;
using Selbsthilfe.TestSupport;

namespace Messaging.Tests;

/// <summary>
/// A service as the platform builds one — its own database with migrations, the platform's messaging setup — minus
/// HTTP. Several hosts may share a database (replicas) and an endpoint prefix (competing consumers).
/// </summary>
public sealed class ServiceHost : IAsyncDisposable
{
    private readonly WebApplication _host;

    private ServiceHost(WebApplication host) => _host = host;

    public IServiceProvider Services => _host.Services;
    public TransactionalOutbox Outbox => Services.GetRequiredService<TransactionalOutbox>();
    internal OutboxRelay Relay => Services.GetRequiredService<OutboxRelay>();

    /// <param name="settings">Overrides of the test's fast settings, e.g. production's retry schedule.</param>
    public static async Task<ServiceHost> StartAsync(
        LocalServers servers, string connectionString, string endpointPrefix, IDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:testdb"] = connectionString,
            ["ConnectionStrings:messaging"] = servers.AmqpUri,
            // Fast retries and polling keep the tests short; the shape is production's.
            ["Messaging:ImmediateRetries"] = "1",
            ["Messaging:ExponentialRetries"] = "2",
            ["Messaging:MinRetryInterval"] = "00:00:00.05",
            ["Messaging:MaxRetryInterval"] = "00:00:00.2",
            ["Messaging:Outbox:PollInterval"] = "00:00:00.2",
            ["Messaging:Outbox:PublishTimeout"] = "00:00:02",
            ["Messaging:EndpointPrefix"] = endpointPrefix,
        });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.AddServiceDatabase("testdb", typeof(ServiceHost).Assembly);
        builder.AddPlatformMessaging(typeof(ServiceHost).Assembly);
        var host = builder.Build();
        host.MapDefaultEndpoints();
        await host.StartAsync();
        return new ServiceHost(host);
    }

    public async Task RaiseAsync(params TestEvent[] events)
    {
        await using var tx = await Outbox.BeginAsync();
        foreach (var e in events) await tx.RaiseAsync(e.Key, e);
        await tx.CommitAsync();
    }

    public async Task<long> ScalarAsync(string sql, object? parameter = null)
    {
        await using var command = Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(sql);
        if (parameter is not null) command.Parameters.AddWithValue(parameter);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    /// <summary>GET /health as an orchestrator's readiness probe sends it.</summary>
    public async Task<HttpStatusCode> ReadinessAsync()
    {
        using var client = new HttpClient { BaseAddress = new Uri(_host.Urls.First()) };
        using var response = await client.GetAsync(Extensions.HealthPath);
        return response.StatusCode;
    }

    public IBus Bus => Services.GetRequiredService<IBus>();

    public Task<long> EffectsAsync(string key) => ScalarAsync("SELECT count(*) FROM test_effects WHERE key = $1", key);

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        await _host.DisposeAsync();
    }
}
