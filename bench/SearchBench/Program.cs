using System.Diagnostics;
using Aspire.Hosting.Testing;
using Npgsql;
using Selbsthilfe;
using Selbsthilfe.Bench;
using Selbsthilfe.GroupDirectory.Api.Listings;
using Selbsthilfe.GroupDirectory.Api.Taxonomy;
using Selbsthilfe.TestSupport;

// Search latency through the gateway beside the same searches run in process against the same database (the SQL
// and projection of ListingSearch without HTTP: the floor), one query at a time, interleaved, on N generated listings.
// Arguments: [N listings, default 100000] [rounds over the query mix, default 20] [a data directory to keep: generating
// 100,000 listings takes minutes, so a second run on the same directory reuses them]
var count = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
var rounds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20;
var kept = args.Length > 2 ? Path.GetFullPath(args[2]) : null;

var data = kept ?? PlatformApp.NewDataDirectory();
if (kept is not null) Directory.CreateDirectory(kept);
var platform = await PlatformApp.StartAsync(data, PlatformApp.Ports.Free());
try
{
    var connectionString = $"Host=127.0.0.1;Port={platform.PortsInUse.Postgres};Username=platform;Password=platform-dev;Database=directorydb";
    var watch = Stopwatch.StartNew();
    await using (var existing = NpgsqlDataSource.Create(connectionString))
    {
        await using var countCommand = existing.CreateCommand("SELECT count(*) FROM listings WHERE status = 'published'");
        var have = (long)(await countCommand.ExecuteScalarAsync())!;
        if (have >= count) Console.WriteLine($"reusing {have} listings in {data}");
        else Console.WriteLine($"generated {await Generator.FillAsync(connectionString, count - (int)have)} listings in {watch.Elapsed.TotalSeconds:F0} s");
    }

    string[] queries =
    [
        "q=Depression", "q=Ängste", "q=Alkohol&postcode=10115&radiusKm=25", "q=Depresion", "q=F32", "q=Trauer&audience=relatives",
        "topic=sucht&lat=52.39&lon=13.06&radiusKm=30", "topic=diabetes&lat=48.137&lon=11.575&radiusKm=50",
        "setting=online&language=en", "open=true&accessibility=wheelchair-accessible", "q=Selbsthilfegruppe Multiple Sklerose",
        "q=Eltern&office=sekis-berlin",
    ];
    using var gateway = platform.CreateGatewayClient();
    await using var db = NpgsqlDataSource.Create(connectionString);
    var taxonomy = TopicTaxonomy.LoadShipped();
    var search = new ListingSearch(db, new ListingStore(db, null!, taxonomy, TimeProvider.System), new SearchIndex(db), taxonomy, TimeProvider.System);

    var viaGateway = new List<double>();
    var inProcess = new List<double>();
    for (var round = -2; round < rounds; round++) // two warm-up rounds
    {
        foreach (var query in queries)
        {
            var t = Stopwatch.GetTimestamp();
            (await gateway.GetAsync("/api/directory/groups?" + query)).EnsureSuccessStatusCode();
            var gatewayMs = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            t = Stopwatch.GetTimestamp();
            await search.SearchAsync(Parse(query), Viewer.Anonymous, await Centre(search, query), CancellationToken.None);
            var inProcessMs = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            if (round < 0) continue;
            viaGateway.Add(gatewayMs);
            inProcess.Add(inProcessMs);
        }
    }
    Console.WriteLine($"{count} listings, {queries.Length} queries × {rounds} rounds, one at a time, {Environment.ProcessorCount} cores");
    Console.WriteLine($"{"",-34} {"p50",8} {"p95",8} {"p99",8}");
    Console.WriteLine($"{"through the gateway (ms)",-34} {P(viaGateway, 50),8:F1} {P(viaGateway, 95),8:F1} {P(viaGateway, 99),8:F1}");
    Console.WriteLine($"{"in process, SQL + projection (ms)",-34} {P(inProcess, 50),8:F1} {P(inProcess, 95),8:F1} {P(inProcess, 99),8:F1}");
    Console.WriteLine($"ratio gateway ÷ floor at p95: {P(viaGateway, 95) / P(inProcess, 95):F2}");
}
finally
{
    await platform.DisposeAsync();
    if (kept is null) PlatformApp.DeleteDataDirectory(data);
}

static double P(List<double> values, int percentile)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1)];
}

static SearchQuery Parse(string query)
{
    var p = query.Split('&').Select(kv => kv.Split('=')).ToDictionary(kv => kv[0], kv => Uri.UnescapeDataString(kv[1]));
    double? D(string key) => p.TryGetValue(key, out var v) ? double.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : null;
    return new SearchQuery
    {
        Text = p.GetValueOrDefault("q"), Topics = p.TryGetValue("topic", out var topic) ? [topic] : [], Audience = p.GetValueOrDefault("audience"),
        Setting = p.GetValueOrDefault("setting"), Language = p.GetValueOrDefault("language"),
        Accessibility = p.TryGetValue("accessibility", out var a) ? [a] : [], OpenForNewMembers = p.ContainsKey("open") ? true : null,
        Office = p.GetValueOrDefault("office"), Latitude = D("lat"), Longitude = D("lon"), Postcode = p.GetValueOrDefault("postcode"), RadiusKm = D("radiusKm"),
    };
}

static async Task<(double, double)?> Centre(ListingSearch search, string query)
{
    var q = Parse(query);
    if (q.Latitude is { } lat && q.Longitude is { } lon) return (lat, lon);
    return q.Postcode is { } postcode ? await search.LocatePostcodeAsync(postcode, CancellationToken.None) : null;
}
