using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Npgsql;
using Xunit;

namespace Selbsthilfe.TestSupport;

/// <summary>
/// Real PostgreSQL and RabbitMQ for integration tests, started once per test run with the same scripts the AppHost's
/// local mode uses, on free ports and throw-away data directories. RabbitMQ can be stopped and started again to test
/// what happens while the broker is away.
/// </summary>
public sealed class LocalServers : IAsyncLifetime
{
    public const string User = "platform";
    public const string Password = "platform-dev";

    private readonly string _data = Path.Combine(Path.GetTempPath(), "selbsthilfe-tests", "servers-" + Guid.NewGuid().ToString("N"));
    private Process? _postgres;
    private Process? _rabbit;

    public int PostgresPort { get; } = FreePorts.Next();
    public int RabbitPort { get; } = FreePorts.Next();
    public int RabbitManagementPort { get; } = FreePorts.Next();
    private int RabbitDistributionPort { get; } = FreePorts.Next();

    public string AmqpUri => $"amqp://{User}:{Password}@127.0.0.1:{RabbitPort}";

    /// <summary>Unpooled: a pooled connection would outlive a killed server and fail the next test.</summary>
    private string MaintenanceConnectionString => ConnectionString("postgres") + ";Pooling=false";

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={PostgresPort};Username={User};Password={Password};Database={database}";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_data);
        await Task.WhenAll(StartPostgresAsync(), StartRabbitAsync());
    }

    public async Task StartPostgresAsync()
    {
        _postgres = Start("postgres.sh", new()
        {
            ["PG_DATA_DIR"] = Path.Combine(_data, "postgres"),
            ["PG_PORT"] = PostgresPort.ToString(),
            ["PG_USER"] = User,
            ["PG_PASSWORD"] = Password,
        });
        await WaitUntil(PostgresAnswers, "PostgreSQL");
    }

    /// <summary>Kills PostgreSQL without warning (SIGKILL), as a crashed or OOM-killed server goes.</summary>
    public async Task KillPostgresAsync()
    {
        if (_postgres is null) return;
        await StopAsync(_postgres, "KILL");
        _postgres = null;
    }

    /// <summary>A fresh, empty database for one test.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "test_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(MaintenanceConnectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await create.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async Task StartRabbitAsync()
    {
        _rabbit = Start("rabbitmq.sh", new()
        {
            ["RABBITMQ_DATA_DIR"] = Path.Combine(_data, "rabbitmq"),
            ["RABBITMQ_AMQP_PORT"] = RabbitPort.ToString(),
            ["RABBITMQ_MANAGEMENT_PORT"] = RabbitManagementPort.ToString(),
            ["RABBITMQ_DIST_PORT"] = RabbitDistributionPort.ToString(),
            ["RABBITMQ_USER"] = User,
            ["RABBITMQ_PASSWORD"] = Password,
            // Queue counts in the management API are samples; tests that wait for a drained queue need fresh ones.
            ["RABBITMQ_STATS_INTERVAL_MS"] = "500",
        });
        await WaitUntil(() => PortOpen(RabbitPort), "RabbitMQ");
    }

    /// <summary>Stops the broker gracefully (SIGTERM; RabbitMQ 3.10 takes about 6 s) and waits until it is gone.</summary>
    public async Task StopRabbitAsync()
    {
        if (_rabbit is null) return;
        await StopAsync(_rabbit, "TERM");
        _rabbit = null;
    }

    public HttpClient RabbitManagement() => RabbitManagement(RabbitManagementPort);

    /// <summary>An HTTP client for RabbitMQ's management API on <paramref name="port"/>, as the test user.</summary>
    public static HttpClient RabbitManagement(int port)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes($"{User}:{Password}")));
        return client;
    }

    /// <summary>Nothing ready and nothing unacknowledged in the queue, as the broker's management API reports it.</summary>
    public async Task<bool> QueueDrainedAsync(string queue)
    {
        using var management = RabbitManagement();
        var state = await management.GetFromJsonAsync<JsonElement>($"/api/queues/%2F/{queue}");
        return state.TryGetProperty("messages", out var messages) && messages.GetInt32() == 0;
    }

    public async Task DisposeAsync()
    {
        if (_rabbit is not null) await StopAsync(_rabbit, "TERM");
        // SIGTERM would be PostgreSQL's "smart" shutdown, which waits for pooled connections to close; SIGINT is "fast".
        if (_postgres is not null) await StopAsync(_postgres, "INT");
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
    }

    private static Process Start(string script, Dictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("bash", [Path.Combine(RepositoryRoot(), "AppHost", "local", script)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment) info.Environment[key] = value;
        var process = Process.Start(info) ?? throw new InvalidOperationException($"{script} did not start.");
        // Drain the output so the server never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task StopAsync(Process process, string signal)
    {
        if (!process.HasExited)
        {
            using var term = Process.Start("kill", [$"-{signal}", process.Id.ToString()]);
            await term!.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        process.Dispose();
    }

    private async Task<bool> PostgresAnswers()
    {
        try
        {
            await using var connection = new NpgsqlConnection(MaintenanceConnectionString);
            await connection.OpenAsync();
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    private static async Task<bool> PortOpen(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task WaitUntil(Func<Task<bool>> ready, string what)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!await ready())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{what} did not start within two minutes.");
            await Task.Delay(200);
        }
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SelbsthilfePlattform.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Repository root (SelbsthilfePlattform.sln) not found.");
    }
}
