using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Selbsthilfe.TestSupport;

/// <summary>
/// The real AppHost (by default in local mode) (PostgreSQL and RabbitMQ as executables), on ports and a data directory of its own
/// so that it never touches a developer's running platform or data.
/// </summary>
public sealed class PlatformApp : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    private PlatformApp(DistributedApplication app, Ports ports, string dataDirectory)
    {
        App = app;
        PortsInUse = ports;
        DataDirectory = dataDirectory;
    }

    public DistributedApplication App { get; }

    /// <summary>Signs staff tokens the platform's services accept.</summary>
    public StaffTokens Tokens { get; private init; } = null!;
    public Ports PortsInUse { get; }
    public string DataDirectory { get; }

    public sealed record Ports(int Gateway, int Postgres, int RabbitMq, int RabbitMqManagement, int RabbitMqDistribution)
    {
        public static Ports Free() => new(FreePorts.Next(), FreePorts.Next(), FreePorts.Next(), FreePorts.Next(), FreePorts.Next());
    }

    /// <param name="otlp">Where every project exports its telemetry instead of a dashboard, when set.</param>
    /// <param name="settings">More AppHost settings (<c>--Section:Key=value</c>), e.g. a benchmark's higher rate limits.</param>
    public static Task<PlatformApp> StartAsync(string dataDirectory, Ports ports, OtlpCapture? otlp = null, params string[] settings) => StartAsync(
        [
            "--Infrastructure:Mode=Local",
            $"--Infrastructure:DataDirectory={dataDirectory}",
            $"--Infrastructure:PostgresPort={ports.Postgres}",
            $"--Infrastructure:RabbitMqPort={ports.RabbitMq}",
            $"--Infrastructure:RabbitMqManagementPort={ports.RabbitMqManagement}",
            $"--Infrastructure:RabbitMqDistributionPort={ports.RabbitMqDistribution}",
            $"--Gateway:Port={ports.Gateway}",
            .. settings,
        ], dataDirectory, ports, otlp);

    /// <summary>The AppHost with any arguments, e.g. external mode.</summary>
    public static async Task<PlatformApp> StartAsync(string[] args, string dataDirectory, Ports ports, OtlpCapture? otlp = null, CancellationToken ct = default)
    {
        var tokens = new StaffTokens();
        args = [.. args, .. tokens.Settings.Select(s => $"--{s.Key}={s.Value}")];
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(args, ct);
        // Polly logs every attempt of the test's own HTTP clients at Information: that drowns the test output.
        builder.Services.AddLogging(logging => logging.AddFilter("AppHost.Resources", LogLevel.Warning).AddFilter("Aspire", LogLevel.Warning)
            .AddFilter("Polly", LogLevel.Warning));
        builder.Services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            project.Annotations.Add(new EnvironmentCallbackAnnotation(env =>
            {
                if (otlp is null)
                {
                    // The testing builder runs no dashboard but still points every project at its default OTLP port: each
                    // export would fail and be retried (tens of exceptions a second in every service, on 2 cores).
                    env.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
                    return;
                }
                env["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp.Endpoint.ToString().TrimEnd('/');
                env["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
                if (!otlp.SdkIntervals)
                {
                    env["OTEL_BSP_SCHEDULE_DELAY"] = "200";
                    return;
                }
                foreach (var interval in new[] { "OTEL_BSP_SCHEDULE_DELAY", "OTEL_BLRP_SCHEDULE_DELAY", "OTEL_METRIC_EXPORT_INTERVAL" }) env.Remove(interval);
            }));
        }

        var app = await builder.BuildAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(StartTimeout);
        await app.StartAsync(timeout.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Gateway, timeout.Token);
        return new PlatformApp(app, ports, dataDirectory) { Tokens = tokens };
    }

    public HttpClient CreateGatewayClient() => App.CreateHttpClient(ResourceNames.Gateway);

    /// <summary>The development mail sink's HTTP side: <c>GET /api/messages</c> lists the mails it received.</summary>
    public HttpClient CreateMailSinkClient() => App.CreateHttpClient(ResourceNames.MailSink);

    /// <summary>A gateway client with a staff token: <paramref name="office"/> may be null for a platform admin.</summary>
    public HttpClient CreateGatewayClient(string? office, params string[] roles)
    {
        var client = CreateGatewayClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Tokens.Create(office, roles));
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }

    public static string NewDataDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "selbsthilfe-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        if (!OperatingSystem.IsWindows())
        {
            // PostgreSQL runs as the unprivileged postgres user when the tests run as root: it must reach the directory.
            File.SetUnixFileMode(Path.GetDirectoryName(path)!, (UnixFileMode)0b111_101_101);
            File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        }
        return path;
    }

    public static void DeleteDataDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // A server that is still shutting down may hold a file; the temporary directory is cleaned by the OS.
        }
    }

}
