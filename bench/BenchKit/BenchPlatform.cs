using System.Net;
using System.Net.Sockets;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Selbsthilfe.Bench;

/// <summary>The whole platform in local mode on free ports and a throw-away data directory, for one benchmark run.</summary>
public sealed class BenchPlatform : IAsyncDisposable
{
    private readonly DistributedApplication _app;
    private readonly string _dataDirectory;

    private BenchPlatform(DistributedApplication app, string dataDirectory) => (_app, _dataDirectory) = (app, dataDirectory);

    public static async Task<BenchPlatform> StartAsync()
    {
        var data = Path.Combine(Path.GetTempPath(), "selbsthilfe-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        string[] args =
        [
            "--Infrastructure:Mode=Local",
            $"--Infrastructure:DataDirectory={data}",
            $"--Infrastructure:PostgresPort={FreePort()}",
            $"--Infrastructure:RabbitMqPort={FreePort()}",
            $"--Infrastructure:RabbitMqManagementPort={FreePort()}",
            $"--Infrastructure:RabbitMqDistributionPort={FreePort()}",
            $"--Gateway:Port={FreePort()}",
        ];
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(args);
        builder.Services.AddLogging(logging => logging.AddFilter("AppHost.Resources", LogLevel.Warning).AddFilter("Aspire", LogLevel.Warning));
        var app = await builder.BuildAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await app.StartAsync(timeout.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Gateway, timeout.Token);
        return new BenchPlatform(app, data);
    }

    public Uri Endpoint(string resource) => _app.GetEndpoint(resource, "http");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
