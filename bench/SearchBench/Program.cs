using System.Diagnostics;
using Aspire.Hosting.Testing;
using Npgsql;
using Selbsthilfe;
using Selbsthilfe.Bench;
using Selbsthilfe.GroupDirectory.Api.Listings;
using Selbsthilfe.GroupDirectory.Api.Taxonomy;
using Selbsthilfe.TestSupport;

// Search latency through the gateway beside the same searches run in process against the same database (ListingSearch
// without HTTP) and beside one plain SQL statement per search in PostgreSQL (the floor: full-text match, filters,
// distance, order and limit on the GIN and GiST indexes, without facets, typo widening or projection), one query at a
// time, interleaved, on N generated listings.
// Arguments: [N listings, default 100000] [rounds over the query mix, default 20] [a data directory to keep: generating
// 100,000 listings takes minutes, so a second run on the same directory reuses them]
var count = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
var rounds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20;
var kept = args.Length > 2 ? Path.GetFullPath(args[2]) : null;

var data = kept ?? PlatformApp.NewDataDirectory();
if (kept is not null) Directory.CreateDirectory(kept);
// The services export their telemetry as in production: to a collector that accepts it, at the SDK's intervals.
using var collector = new OtlpCapture { SdkIntervals = true };
var platform = await PlatformApp.StartAsync(data, PlatformApp.Ports.Free(), collector);
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
    // A plain client, as a browser or an office's tool would be: the test clients' resilience handler and request logging
    // (to this console) would be timed too.
    using var gateway = new HttpClient { BaseAddress = platform.App.GetEndpoint(ResourceNames.Gateway, "http") };
    await using var db = NpgsqlDataSource.Create(connectionString);
    // The floor searches by distance through a GiST index and text and topics through GIN indexes, as hand-written SQL
    // would; the service filters and matches in memory and has no such indexes (migrations 0008 and 0012), so the bench
    // makes its own.
    await using (var index = db.CreateCommand("""
        CREATE INDEX IF NOT EXISTS bench_listings_earth ON listings USING gist (ll_to_earth(latitude, longitude)) WHERE status = 'published' AND latitude IS NOT NULL;
        CREATE INDEX IF NOT EXISTS bench_listings_doc_public ON listings USING gin (doc_public) WHERE status = 'published';
        CREATE INDEX IF NOT EXISTS bench_listings_topics ON listings USING gin (topics) WHERE status = 'published';
        """))
        await index.ExecuteNonQueryAsync();
    var taxonomy = TopicTaxonomy.LoadShipped();
    var search = new ListingSearch(db, new ListingStore(db, null!, taxonomy, TimeProvider.System), new SearchIndex(db), taxonomy, TimeProvider.System);

    var loading = Stopwatch.StartNew();
    await search.LocatePostcodeAsync("10115", CancellationToken.None);
    Console.WriteLine($"in-process index built in {loading.Elapsed.TotalSeconds:F1} s");
    // The service builds its own index at start (SearchIndexWarmup); wait until it answers.
    for (var attempt = 0; ; attempt++)
    {
        try
        {
            (await gateway.GetAsync("/api/directory/groups?q=Angst")).EnsureSuccessStatusCode();
            break;
        }
        catch (Exception) when (attempt < 10) { }
    }

    var viaGateway = new List<double>();
    var inProcess = new List<double>();
    var rawSql = new List<double>();
    var perQuery = queries.ToDictionary(q => q, _ => (Gateway: new List<double>(), InProcess: new List<double>(), Raw: new List<double>()));
    const int warmUpRounds = 10; // the services have just started: until their code is compiled and tiered up, a search is not what it will be
    for (var round = -warmUpRounds; round < rounds; round++)
    {
        foreach (var query in queries)
        {
            var t = Stopwatch.GetTimestamp();
            (await gateway.GetAsync("/api/directory/groups?" + query)).EnsureSuccessStatusCode();
            var gatewayMs = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            t = Stopwatch.GetTimestamp();
            await search.SearchAsync(Parse(query), Viewer.Anonymous, await Centre(search, query), CancellationToken.None);
            var inProcessMs = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            var centre = await Centre(search, query);
            t = Stopwatch.GetTimestamp();
            await RawSqlAsync(db, taxonomy, Parse(query), centre);
            var rawMs = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            if (round < 0) continue;
            viaGateway.Add(gatewayMs);
            inProcess.Add(inProcessMs);
            rawSql.Add(rawMs);
            perQuery[query].Gateway.Add(gatewayMs);
            perQuery[query].InProcess.Add(inProcessMs);
            perQuery[query].Raw.Add(rawMs);
        }
    }
    Console.WriteLine($"{"median per query (ms)",-58} {"gateway",8} {"process",8} {"raw SQL",8}");
    foreach (var (query, times) in perQuery)
        Console.WriteLine($"{query,-58} {P(times.Gateway, 50),8:F1} {P(times.InProcess, 50),8:F1} {P(times.Raw, 50),8:F1}");
    Console.WriteLine($"{count} listings, {queries.Length} queries × {rounds} rounds, one at a time, {Environment.ProcessorCount} cores");
    Console.WriteLine($"{"",-34} {"p50",8} {"p95",8} {"p99",8}");
    Console.WriteLine($"{"through the gateway (ms)",-34} {P(viaGateway, 50),8:F1} {P(viaGateway, 95),8:F1} {P(viaGateway, 99),8:F1}");
    Console.WriteLine($"{"in process, ListingSearch (ms)",-34} {P(inProcess, 50),8:F1} {P(inProcess, 95),8:F1} {P(inProcess, 99),8:F1}");
    Console.WriteLine($"{"raw SQL in PostgreSQL (ms)",-34} {P(rawSql, 50),8:F1} {P(rawSql, 95),8:F1} {P(rawSql, 99),8:F1}");
    Console.WriteLine($"ratio gateway ÷ raw SQL at p95: {P(viaGateway, 95) / P(rawSql, 95):F2}; in process ÷ raw SQL: {P(inProcess, 95) / P(rawSql, 95):F2}");
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

// The floor: what one hand-written SQL statement in PostgreSQL needs for the same search (anonymous).
static async Task RawSqlAsync(NpgsqlDataSource db, TopicTaxonomy taxonomy, SearchQuery q, (double Lat, double Lon)? centre)
{
    var where = new List<string> { "l.status = 'published'", "l.visibility_rank = 0" };
    var command = db.CreateCommand();
    string P(object value)
    {
        command.Parameters.AddWithValue(value);
        return "$" + command.Parameters.Count;
    }
    var order = "lower(l.name)";
    if (q.Text is { } text)
    {
        var ts = $"websearch_to_tsquery('german_folded', {P(text)})";
        var named = P(taxonomy.Match(text).SelectMany(taxonomy.WithDescendants).Distinct().ToArray());
        where.Add($"(l.doc_public @@ {ts} OR l.topics && {named})");
        order = $"ts_rank_cd(l.doc_public, {ts}) + CASE WHEN l.topics && {named} THEN 1 ELSE 0 END DESC";
    }
    if (q.Topics.Count > 0) where.Add($"l.topics && {P(q.Topics.SelectMany(taxonomy.WithDescendants).Distinct().ToArray())}");
    if (q.Audience is { } audience) where.Add($"l.audience = ANY({P(new[] { audience, "both" })})");
    if (q.Setting is { } setting) where.Add($"l.setting = {P(setting)}");
    if (q.Language is { } language) where.Add($"{P(language)} = ANY(l.languages)");
    if (q.Accessibility.Count > 0) where.Add($"l.accessibility @> {P(q.Accessibility.ToArray())}");
    if (q.OpenForNewMembers == true) where.Add("l.openness = 'open'");
    if (q.Office is { } office) where.Add($"l.office_id = {P(office)}");
    if (centre is { } c && q.RadiusKm is { } radius)
    {
        var point = $"ll_to_earth({P(c.Lat)}, {P(c.Lon)})";
        var metres = P(radius * 1000);
        where.Add($"l.latitude IS NOT NULL AND earth_box({point}, {metres}) @> ll_to_earth(l.latitude, l.longitude) "
            + $"AND earth_distance({point}, ll_to_earth(l.latitude, l.longitude)) <= {metres}");
        if (q.Text is null) order = $"earth_distance({point}, ll_to_earth(l.latitude, l.longitude))";
    }
    command.CommandText = $"SELECT l.id, l.name FROM listings l WHERE {string.Join(" AND ", where)} ORDER BY {order}, l.id LIMIT 21";
    await using (command)
    await using (var reader = await command.ExecuteReaderAsync())
        while (await reader.ReadAsync()) { }
}

static async Task<(double, double)?> Centre(ListingSearch search, string query)
{
    var q = Parse(query);
    if (q.Latitude is { } lat && q.Longitude is { } lon) return (lat, lon);
    return q.Postcode is { } postcode ? await search.LocatePostcodeAsync(postcode, CancellationToken.None) : null;
}
