using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Selbsthilfe.Bench;
using Selbsthilfe.GroupDirectory.Api.Federation;
using Selbsthilfe.GroupDirectory.Api.Listings;
using Selbsthilfe.TestSupport;

// Importing N listings (default 100,000) from a peer's change feed: instance A holds N generated listings, instance
// B follows it and pulls everything. Printed beside the raw rate of reading A's whole feed (no writing), in one run.
// Arguments: [N listings, default 100000]
var count = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
var servers = new LocalServers();
await servers.InitializeAsync();
try
{
    var dbA = await servers.CreateDatabaseAsync();
    var dbB = await servers.CreateDatabaseAsync();
    await using var a = Instance(dbA, null);
    _ = a.Server; // migrates A's database
    var watch = Stopwatch.StartNew();
    Console.WriteLine($"generated {await Generator.FillAsync(dbA, count)} listings on A in {watch.Elapsed.TotalSeconds:F0} s");
    var key = await a.Services.GetRequiredService<FederationKeys>().IssueAsync("bench", default);
    // A's relay publishes the generated listings' events to the broker in the background. On a real peer that is
    // another machine's work, so both measurements below start once it is done.
    watch.Restart();
    await using (var aDb = Npgsql.NpgsqlDataSource.Create(dbA))
    {
        await using var unsent = aDb.CreateCommand("SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL");
        while ((long)(await unsent.ExecuteScalarAsync())! > 0) await Task.Delay(500);
    }
    Console.WriteLine($"A's outbox relayed its events {watch.Elapsed.TotalSeconds:F0} s after generating");

    // The floor: reading A's whole feed, page by page, as the puller does.
    using var reader = a.CreateClient();
    reader.DefaultRequestHeaders.Add(FederationKeys.Header, key.Key);
    var page = new FederationOptions().PageSize;
    watch.Restart();
    var read = 0;
    var since = "";
    while (true)
    {
        var feed = (await reader.GetFromJsonAsync<FeedPage>($"/federation/v1/listings?since={since}&limit={page}"))!;
        read += feed.Items.Count;
        since = feed.Next;
        if (!feed.HasMore) break;
    }
    var readSeconds = watch.Elapsed.TotalSeconds;

    await using var b = Instance(dbB, () => a.Server.CreateHandler());
    await b.Services.GetRequiredService<Peers>().RegisterAsync(
        new PeerRequest("a", "http://a.bench", key.Key, [], false), default);
    var cpu = (Postgres: PostgresCpuSeconds(), Bench: Environment.CpuUsage.TotalTime.TotalSeconds);
    var machine = MachineSeconds();
    watch.Restart();
    await b.Services.GetRequiredService<PeerPuller>().PullAsync((await b.Services.GetRequiredService<Peers>().FindAsync("a", default))!, default);
    var importSeconds = watch.Elapsed.TotalSeconds;
    cpu = (PostgresCpuSeconds() - cpu.Postgres, Environment.CpuUsage.TotalTime.TotalSeconds - cpu.Bench);
    var (idle, stolen) = MachineSeconds();
    (idle, stolen) = (idle - machine.Idle, stolen - machine.Stolen);
    var imported = (await b.Services.GetRequiredService<Peers>().StatusAsync("a", default))[0];

    Console.WriteLine($"{count} listings, pages of {page}, {Environment.ProcessorCount} cores");
    Console.WriteLine($"raw feed read:  {read,7} entries in {readSeconds,6:F1} s = {read / readSeconds,7:F0} /s");
    Console.WriteLine($"import (B ← A): {imported.ImportedChanges,7} listings in {importSeconds,6:F1} s = {imported.ImportedChanges / importSeconds,7:F0} /s");
    Console.WriteLine($"ratio import ÷ raw read: {imported.ImportedChanges / importSeconds / (read / readSeconds):F2}; target: all in under 30 s");
    Console.WriteLine($"CPU during the import: PostgreSQL {cpu.Postgres:F1} s, this process (A and B) {cpu.Bench:F1} s, of {importSeconds * Environment.ProcessorCount:F1} s on {Environment.ProcessorCount} cores");
    // Idle: what the import left unused; stolen: what the hypervisor gave to others (runs on a busy host are slower).
    Console.WriteLine($"machine during the import: idle {idle:F1} s, stolen by the host {stolen:F1} s");
    if (imported.LastError is { } error) Console.WriteLine($"last error: {error}");
}
finally
{
    await servers.DisposeAsync();
}

// User and system CPU seconds of every PostgreSQL process, with the children it has reaped (ended connections).
static double PostgresCpuSeconds()
{
    var ticks = 0L;
    foreach (var process in Directory.GetDirectories("/proc").Where(d => Path.GetFileName(d).All(char.IsAsciiDigit)))
    {
        try
        {
            var stat = File.ReadAllText(Path.Combine(process, "stat"));
            if (!stat.Contains("(postgres)", StringComparison.Ordinal)) continue;
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            for (var f = 11; f <= 14; f++) ticks += long.Parse(fields[f], System.Globalization.CultureInfo.InvariantCulture); // utime stime cutime cstime
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // ended meanwhile, or not ours to read
    }
    return ticks / 100.0; // USER_HZ
}

// Idle (with I/O wait) and stolen CPU seconds of the whole machine so far, from /proc/stat (zeros elsewhere).
static (double Idle, double Stolen) MachineSeconds()
{
    if (!File.Exists("/proc/stat")) return (0, 0);
    var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
    long Field(int i) => long.Parse(fields[i], System.Globalization.CultureInfo.InvariantCulture);
    return ((Field(4) + Field(5)) / 100.0, Field(8) / 100.0); // cpu user nice system idle iowait irq softirq steal
}

WebApplicationFactory<ListingStore> Instance(string connectionString, Func<HttpMessageHandler>? peer) =>
    new WebApplicationFactory<ListingStore>().WithWebHostBuilder(web =>
    {
        web.UseEnvironment("Production");
        web.UseContentRoot(AppContext.BaseDirectory);
        web.UseSetting("ConnectionStrings:directorydb", connectionString);
        web.UseSetting("ConnectionStrings:messaging", servers.AmqpUri);
        web.UseSetting("Messaging:EndpointPrefix", "bench-" + Guid.NewGuid().ToString("N")[..8]);
        web.UseSetting("DemoData:Enabled", "false");
        web.UseSetting("Federation:PollInterval", "01:00:00");
        web.UseSetting("Logging:LogLevel:Default", "Warning");
        if (peer is not null) web.ConfigureServices(s => s.AddHttpClient(PeerPuller.HttpClientName).ConfigurePrimaryHttpMessageHandler(peer));
    });
