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
    watch.Restart();
    await b.Services.GetRequiredService<PeerPuller>().PullAsync((await b.Services.GetRequiredService<Peers>().FindAsync("a", default))!, default);
    var importSeconds = watch.Elapsed.TotalSeconds;
    var imported = (await b.Services.GetRequiredService<Peers>().StatusAsync("a", default))[0];

    Console.WriteLine($"{count} listings, pages of {page}, {Environment.ProcessorCount} cores");
    Console.WriteLine($"raw feed read:  {read,7} entries in {readSeconds,6:F1} s = {read / readSeconds,7:F0} /s");
    Console.WriteLine($"import (B ← A): {imported.ImportedChanges,7} listings in {importSeconds,6:F1} s = {imported.ImportedChanges / importSeconds,7:F0} /s");
    Console.WriteLine($"ratio import ÷ raw read: {imported.ImportedChanges / importSeconds / (read / readSeconds):F2}; target: all in under 30 s");
    if (imported.LastError is { } error) Console.WriteLine($"last error: {error}");
}
finally
{
    await servers.DisposeAsync();
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
