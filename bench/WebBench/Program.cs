using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Aspire.Hosting.Testing;
using Npgsql;
using Selbsthilfe;
using Selbsthilfe.Bench;
using Selbsthilfe.TestSupport;

// The finder's results page (web app, through the gateway) beside the search API alone (through the gateway) for the
// same searches, one request at a time, arms interleaved (page then API, then API then page), on N generated listings.
// The page's cost is the API's plus what the web app adds: its own call to the directory, the topic list, the next
// meetings of the listed groups from Events, rendering and compression. Aim: page p95 at most 1.5 × API p95.
// Arguments: [N listings, default 100000] [rounds over the query mix, default 20] [a data directory to keep: generating
// 100,000 listings takes minutes, so a second run on the same directory reuses them]
var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
var kept = args.Length > 2 ? Path.GetFullPath(args[2]) : null;
const double Aim = 1.5;

// The same searches as SearchBench, each as the finder's form sends it (page) and as the finder asks the API for it
// (FinderQuery.ApiQuery: 20 a page, with facets). A place in words is searched by the finder as text, so places are
// given as postcodes, which both arms measure distances from.
Search[] searches =
[
    new(Qs("q", "Depression"), Qs("q", "Depression")),
    new(Qs("q", "Ängste"), Qs("q", "Ängste")),
    new(Qs("q", "Alkohol", "ort", "10115", "umkreis", "25"), Qs("q", "Alkohol", "postcode", "10115", "radiusKm", "25")),
    new(Qs("q", "Depresion"), Qs("q", "Depresion")),
    new(Qs("q", "F32"), Qs("q", "F32")),
    new(Qs("q", "Trauer", "zielgruppe", "relatives"), Qs("q", "Trauer", "audience", "relatives")),
    new(Qs("thema", "sucht", "ort", "14467", "umkreis", "30"), Qs("topic", "sucht", "postcode", "14467", "radiusKm", "30")),
    new(Qs("thema", "diabetes", "ort", "80331", "umkreis", "50"), Qs("topic", "diabetes", "postcode", "80331", "radiusKm", "50")),
    new(Qs("form", "online", "sprache", "en"), Qs("setting", "online", "language", "en")),
    new(Qs("offen", "1", "barrierefrei", "wheelchair-accessible"), Qs("open", "true", "accessibility", "wheelchair-accessible")),
    new(Qs("q", "Selbsthilfegruppe Multiple Sklerose"), Qs("q", "Selbsthilfegruppe Multiple Sklerose")),
    new(Qs("q", "Eltern", "stelle", "sekis-berlin"), Qs("q", "Eltern", "office", "sekis-berlin")),
];

var data = kept ?? PlatformApp.NewDataDirectory();
if (kept is not null) Directory.CreateDirectory(kept);
// The services export their telemetry as in production: to a collector that accepts it, at the SDK's intervals.
using var collector = new OtlpCapture { SdkIntervals = true };
// The bench gives the listed groups meeting series through the gateway: far more writes than a visitor's 60 a minute.
var platform = await PlatformApp.StartAsync(data, PlatformApp.Ports.Free(), collector, "--Gateway:WritesPerWindow=1000000");
try
{
    string Db(string name) => $"Host=127.0.0.1;Port={platform.PortsInUse.Postgres};Username=platform;Password=platform-dev;Database={name}";
    var watch = Stopwatch.StartNew();
    await using (var existing = NpgsqlDataSource.Create(Db("directorydb")))
    {
        await using var countCommand = existing.CreateCommand("SELECT count(*) FROM listings WHERE status = 'published'");
        var have = (long)(await countCommand.ExecuteScalarAsync())!;
        if (have >= count) Console.WriteLine($"reusing {have} listings in {data}");
        else Console.WriteLine($"generated {await Generator.FillAsync(Db("directorydb"), count - (int)have)} listings in {watch.Elapsed.TotalSeconds:F0} s");
    }

    // A plain client, as a browser would be: no resilience handler, no request logging, and no automatic
    // decompression, so that the bytes read are the bytes sent.
    using var browser = new HttpClient(new SocketsHttpHandler
    {
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseProxy = false,
    })
    { BaseAddress = platform.App.GetEndpoint(ResourceNames.Gateway, "http"), Timeout = TimeSpan.FromSeconds(60) };

    // The directory builds its search index at start (SearchIndexWarmup) and the web app starts cold: wait for both.
    foreach (var path in new[] { "/api/directory/groups?q=Angst", "/?q=Angst" })
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                (await browser.GetAsync(path)).EnsureSuccessStatusCode();
                break;
            }
            catch (Exception) when (attempt < 20) { await Task.Delay(TimeSpan.FromSeconds(1)); }
        }
    }

    var seeded = await SeedMeetingSeriesAsync(platform, browser, searches, Db("directorydb"), Db("eventsdb"));

    var page = new List<double>();
    var api = new List<double>();
    var perSearch = searches.ToDictionary(s => s, _ => (Page: new List<double>(), Api: new List<double>()));
    var sizes = new Dictionary<Search, (Answer Page, Answer Api)>();
    const int warmUpRounds = 10; // the services have just started: until their code is compiled and tiered up, a request is not what it will be
    for (var round = -warmUpRounds; round < rounds; round++)
    {
        foreach (var search in searches)
        {
            // Alternating which arm goes first: whatever the first request warms (the directory's caches, the
            // connection) helps both arms alike.
            Answer pageAnswer, apiAnswer;
            if ((round & 1) == 0)
            {
                pageAnswer = await GetAsync(browser, "/?" + search.Page, "text/html");
                apiAnswer = await GetAsync(browser, "/api/directory/groups?" + search.Api, "application/json");
            }
            else
            {
                apiAnswer = await GetAsync(browser, "/api/directory/groups?" + search.Api, "application/json");
                pageAnswer = await GetAsync(browser, "/?" + search.Page, "text/html");
            }
            sizes[search] = (pageAnswer, apiAnswer);
            if (round < 0) continue;
            page.Add(pageAnswer.Ms);
            api.Add(apiAnswer.Ms);
            perSearch[search].Page.Add(pageAnswer.Ms);
            perSearch[search].Api.Add(apiAnswer.Ms);
        }
    }

    var invariant = CultureInfo.InvariantCulture;
    Console.WriteLine();
    Console.WriteLine($"{"median per search (ms); page query",-52} {"page",7} {"API",7} {"ratio",6} {"page KB sent",13} {"page KB plain",14} {"API KB sent",12} {"groups",7} {"shown",6}");
    foreach (var (search, times) in perSearch)
    {
        var (p, a) = sizes[search];
        var shown = a.FirstName is null ? "-" : p.Html.Contains(a.FirstName, StringComparison.Ordinal) ? "yes" : "NO";
        Console.WriteLine(string.Create(invariant, $"{Uri.UnescapeDataString(search.Page),-52} {P(times.Page, 50),7:F1} {P(times.Api, 50),7:F1} {P(times.Page, 50) / P(times.Api, 50),6:F2} "
            + $"{p.Sent / 1024.0,13:F1} {p.Plain / 1024.0,14:F1} {a.Sent / 1024.0,12:F1} {a.Items,7} {shown,6}"));
    }
    Console.WriteLine("(groups: items in the API's answer; shown: whether the page names the API's first group)");
    Console.WriteLine();
    Console.WriteLine($"{count} listings, {searches.Length} searches × {rounds} rounds after {warmUpRounds} warm-up rounds, one request at a time, arms interleaved, {Environment.ProcessorCount} cores");
    Console.WriteLine(seeded);
    Console.WriteLine($"{"",-46} {"p50",8} {"p95",8} {"p99",8}");
    Console.WriteLine(string.Create(invariant, $"{"(a) results page GET /?… via gateway (ms)",-46} {P(page, 50),8:F1} {P(page, 95),8:F1} {P(page, 99),8:F1}"));
    Console.WriteLine(string.Create(invariant, $"{"(b) search API GET /api/directory/groups (ms)",-46} {P(api, 50),8:F1} {P(api, 95),8:F1} {P(api, 99),8:F1}"));
    var ratio95 = P(page, 95) / P(api, 95);
    Console.WriteLine(string.Create(invariant, $"ratio page ÷ API: p50 {P(page, 50) / P(api, 50):F2}, p95 {ratio95:F2} (aim: at most {Aim:F1} at p95: {(ratio95 <= Aim ? "met" : "MISSED")})"));
    var pages = sizes.Values.Select(s => s.Page).ToList();
    var encodings = string.Join(", ", pages.Select(x => x.Encoding ?? "none").Distinct());
    Console.WriteLine(string.Create(invariant, $"page bytes as sent (Content-Encoding: {encodings}): median {Median(pages.Select(x => (double)x.Sent)) / 1024:F1} KB, largest {pages.Max(x => x.Sent) / 1024.0:F1} KB "
        + $"(budget 60 KB compressed); uncompressed: median {Median(pages.Select(x => (double)x.Plain)) / 1024:F1} KB, largest {pages.Max(x => x.Plain) / 1024.0:F1} KB"));
    if (pages.Any(x => x.Encoding is null)) Console.WriteLine("note: some pages came uncompressed although the request accepted gzip and br");
}
finally
{
    await platform.DisposeAsync();
    if (kept is null) PlatformApp.DeleteDataDirectory(data);
}

static string Qs(params string[] pairs) =>
    string.Join("&", pairs.Chunk(2).Select(kv => kv[0] + "=" + Uri.EscapeDataString(kv[1])));

static double P(List<double> values, int percentile)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1)];
}

static double Median(IEnumerable<double> values) => P(values.ToList(), 50);

// One GET as a browser sends it, timed until the whole body has arrived; the body is decompressed afterwards, untimed.
static async Task<Answer> GetAsync(HttpClient client, string path, string accept)
{
    using var request = new HttpRequestMessage(HttpMethod.Get, path);
    request.Headers.TryAddWithoutValidation("Accept", accept);
    request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, br");
    request.Headers.TryAddWithoutValidation("Accept-Language", "de-DE,de;q=0.9");
    var start = Stopwatch.GetTimestamp();
    using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
    var body = await response.Content.ReadAsByteArrayAsync();
    var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}");
    var encoding = response.Content.Headers.ContentEncoding.LastOrDefault();
    var plain = Decompress(body, encoding);
    if (accept != "application/json") return new Answer(ms, body.Length, plain.Length, encoding, WebUtility.HtmlDecode(Encoding.UTF8.GetString(plain)), null, 0);
    using var json = JsonDocument.Parse(plain);
    var items = json.RootElement.GetProperty("items");
    var first = items.GetArrayLength() > 0 ? items[0].GetProperty("name").GetString() : null;
    return new Answer(ms, body.Length, plain.Length, encoding, "", first, items.GetArrayLength());
}

static byte[] Decompress(byte[] body, string? encoding)
{
    if (encoding is null or "identity") return body;
    using var input = new MemoryStream(body);
    using Stream decoder = encoding switch
    {
        "gzip" => new GZipStream(input, CompressionMode.Decompress),
        "br" => new BrotliStream(input, CompressionMode.Decompress),
        _ => throw new InvalidOperationException($"unexpected Content-Encoding {encoding}"),
    };
    using var output = new MemoryStream();
    decoder.CopyTo(output);
    return output.ToArray();
}

// The generator writes listings straight into the directory's database and removes their integration events, so
// Events never hears of them and they have no meeting series: the page's call to Events would find nothing and be
// cheaper than in reality, where groups meet regularly. So the groups the measured searches list (up to 50 per search)
// get one: their public facts are copied into Events' own copy of them (what ListingFactsConsumer would have written),
// and a series (weekly, every other week or monthly, evenings) is created through the Events API as an office would.
static async Task<string> SeedMeetingSeriesAsync(PlatformApp platform, HttpClient browser, Search[] searches, string directoryDb, string eventsDb)
{
    var listed = new HashSet<Guid>();
    foreach (var search in searches)
    {
        var answer = await browser.GetFromJsonAsync<JsonElement>("/api/directory/groups?" + search.ApiQuery + "&limit=50&facets=false");
        foreach (var item in answer.GetProperty("items").EnumerateArray()) listed.Add(item.GetProperty("id").GetGuid());
    }
    var ids = listed.ToArray();

    var facts = new List<(Guid Id, string Office, int Version, string Name, string[] Topics, string? Postcode)>();
    await using (var directory = NpgsqlDataSource.Create(directoryDb))
    await using (var select = directory.CreateCommand("SELECT id, office_id, version, name, topics, postcode FROM listings WHERE id = ANY($1)"))
    {
        select.Parameters.AddWithValue(ids);
        await using var reader = await select.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            facts.Add((reader.GetGuid(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3), reader.GetFieldValue<string[]>(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
    }

    var withSeries = new HashSet<Guid>();
    await using (var events = NpgsqlDataSource.Create(eventsDb))
    {
        foreach (var f in facts)
        {
            await using var insert = events.CreateCommand("""
                INSERT INTO listings (id, office_id, version, visibility, withdrawn, name, topics, postcode, address_public, updated_at)
                VALUES ($1, $2, $3, 'public', false, $4, $5, $6, false, now()) ON CONFLICT (id) DO NOTHING
                """);
            insert.Parameters.AddWithValue(f.Id);
            insert.Parameters.AddWithValue(f.Office);
            insert.Parameters.AddWithValue(f.Version);
            insert.Parameters.AddWithValue(f.Name);
            insert.Parameters.AddWithValue(f.Topics);
            insert.Parameters.AddWithValue((object?)f.Postcode ?? DBNull.Value);
            await insert.ExecuteNonQueryAsync();
        }
        await using var existing = events.CreateCommand("SELECT DISTINCT listing_id FROM series WHERE listing_id = ANY($1)");
        existing.Parameters.AddWithValue(ids);
        await using var reader = await existing.ExecuteReaderAsync();
        while (await reader.ReadAsync()) withSeries.Add(reader.GetGuid(0));
    }

    string[] rules = ["FREQ=WEEKLY", "FREQ=WEEKLY;INTERVAL=2", "FREQ=MONTHLY;BYDAY=2TU", "FREQ=MONTHLY;BYDAY=-1FR"];
    // As the owning office's staff would (the series endpoints take office staff only, not a platform admin).
    var staff = new Dictionary<string, HttpClient>();
    var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin")).Date;
    var created = 0;
    foreach (var (f, i) in facts.Where(f => !withSeries.Contains(f.Id)).Select((f, i) => (f, i)))
    {
        var start = today.AddDays(1 + i % 14).AddHours(17 + i % 3).AddMinutes(i % 2 * 30);
        if (!staff.TryGetValue(f.Office, out var client)) staff[f.Office] = client = platform.CreateGatewayClient(f.Office, "office-editor");
        using var response = await client.PostAsJsonAsync("/api/events/series", new
        {
            listingId = f.Id, start = start.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture), durationMinutes = 90 + i % 2 * 30,
            rrule = rules[i % rules.Length],
        });
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"creating a meeting series answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        created++;
    }
    foreach (var client in staff.Values) client.Dispose();
    return $"meeting series: the {facts.Count} groups the searches list (up to 50 each) have one ({created} created now) through the Events API; "
        + "the generator gives its listings none, so Events holds only these, not one per listing as in reality";
}

internal sealed record Search(string Page, string ApiQuery)
{
    /// <summary>As the finder asks the directory (FinderQuery.PageSize, facets for the counts).</summary>
    public string Api => ApiQuery + "&limit=20&facets=true";
}

internal sealed record Answer(double Ms, int Sent, int Plain, string? Encoding, string Html, string? FirstName, int Items);
