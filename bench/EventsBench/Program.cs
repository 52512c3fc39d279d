using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using Selbsthilfe.Events.Api.Domain;
using Selbsthilfe.Events.Api.Scheduling;
using Selbsthilfe.TestSupport;

// Materialising a 60-day horizon for N series (default 100,000): series/s through the horizon sweep (plan, diff
// against the announced meetings, write occurrences and outbox events, in batches), beside expanding and planning
// the same series in memory alone (no database) as the floor, in one run: floor, sweep, floor.
var n = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
var servers = new LocalServers();
await servers.InitializeAsync();
try
{
    var connectionString = await servers.CreateDatabaseAsync();
    await using var factory = new WebApplicationFactory<SeriesStore>().WithWebHostBuilder(web =>
    {
        web.UseEnvironment("Production");
        web.UseContentRoot(AppContext.BaseDirectory);
        web.UseSetting("ConnectionStrings:eventsdb", connectionString);
        web.UseSetting("ConnectionStrings:messaging", servers.AmqpUri);
        web.UseSetting("Messaging:EndpointPrefix", "bench-events-");
        web.UseSetting("Events:SweepInterval", "1.00:00:00");
        web.UseSetting("Logging:LogLevel:Default", "Warning");
    });
    _ = factory.Server;
    var now = DateTimeOffset.UtcNow;
    var generate = Stopwatch.StartNew();
    await GenerateAsync(connectionString, n, now);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"generated {n} series in {generate.Elapsed.TotalSeconds:F1} s"));

    List<Series> all;
    await using (var connection = new NpgsqlConnection(connectionString))
    {
        await connection.OpenAsync();
        all = await SeriesStore.LoadAsync(connection, null, $"SELECT {SeriesStore.Columns} FROM series s", [], default);
    }
    var horizon = factory.Services.GetRequiredService<Materialiser>().Horizon;

    double Floor(out long meetings)
    {
        meetings = 0;
        var watch = Stopwatch.StartNew();
        foreach (var series in all) meetings += OccurrencePlan.For(series, now, now + horizon).Count;
        return all.Count / watch.Elapsed.TotalSeconds;
    }

    var floorBefore = Floor(out var planned);
    var sweep = factory.Services.GetRequiredService<HorizonSweep>();
    var watch = Stopwatch.StartNew();
    var done = await sweep.RunAsync(default);
    var sweepRate = done / watch.Elapsed.TotalSeconds;
    var sweepSeconds = watch.Elapsed.TotalSeconds;
    var floorAfter = Floor(out _);
    var floor = (floorBefore + floorAfter) / 2;
    long events;
    await using (var connection = new NpgsqlConnection(connectionString))
    {
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM outbox_messages", connection);
        events = (long)(await count.ExecuteScalarAsync())!;
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Materialising a {horizon.TotalDays:F0}-day horizon for {n} series ({planned} meetings, {events} events raised); {Environment.ProcessorCount} cores"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  expand + plan in memory (floor)       {floor,10:F0} series/s   (before {floorBefore:F0}, after {floorAfter:F0})"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  sweep: plan, diff, write, outbox      {sweepRate,10:F0} series/s   ({done} series in {sweepSeconds:F1} s)"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ratio sweep ÷ floor: {sweepRate / floor:F3}"));
}
finally
{
    await servers.DisposeAsync();
}

// A realistic mix: weekly, every other week, monthly by ordinal weekday (2TU, -1FR), by month day, some with
// exceptions, a few one-off events; starts spread over the past year.
static async Task GenerateAsync(string connectionString, int n, DateTimeOffset now)
{
    string[] rules =
    [
        "FREQ=WEEKLY;BYDAY=TU", "FREQ=WEEKLY;BYDAY=WE", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", "FREQ=MONTHLY;BYDAY=2TU",
        "FREQ=MONTHLY;BYDAY=-1FR", "FREQ=MONTHLY;BYDAY=1MO,3MO", "FREQ=MONTHLY;BYMONTHDAY=15", "FREQ=WEEKLY;BYDAY=MO;UNTIL=20301231T230000Z",
    ];
    var random = new Random(42);
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var writer = await connection.BeginBinaryImportAsync("""
        COPY series (id, root_id, kind, listing_id, office_id, time_zone, starts_local, duration, rrule, exdates, postcode, city,
            status, version, sequence, created_at, updated_at) FROM STDIN (FORMAT BINARY)
        """);
    var today = DateTime.SpecifyKind(now.UtcDateTime.Date, DateTimeKind.Unspecified);
    for (var i = 0; i < n; i++)
    {
        var id = Guid.CreateVersion7();
        var oneOff = i % 50 == 0;
        var start = today.AddDays(-random.Next(0, 365)).AddHours(17 + random.Next(0, 4)).AddMinutes(random.Next(0, 2) * 30);
        if (oneOff) start = today.AddDays(random.Next(1, 60)).AddHours(18);
        var rule = oneOff ? null : rules[i % rules.Length];
        var exdates = !oneOff && i % 7 == 0 ? new[] { today.AddDays(14).AddHours(start.Hour).AddMinutes(start.Minute) } : [];
        await writer.StartRowAsync();
        await writer.WriteAsync(id, NpgsqlDbType.Uuid);
        await writer.WriteAsync(id, NpgsqlDbType.Uuid);
        await writer.WriteAsync(oneOff ? "event" : "series", NpgsqlDbType.Text);
        await writer.WriteAsync(Guid.NewGuid(), NpgsqlDbType.Uuid);
        await writer.WriteAsync("office-" + (i % 40), NpgsqlDbType.Text);
        await writer.WriteAsync("Europe/Berlin", NpgsqlDbType.Text);
        await writer.WriteAsync(DateTime.SpecifyKind(start, DateTimeKind.Unspecified), NpgsqlDbType.Timestamp);
        await writer.WriteAsync(TimeSpan.FromMinutes(90 + 30 * (i % 2)), NpgsqlDbType.Interval);
        if (rule is null) await writer.WriteNullAsync(); else await writer.WriteAsync(rule, NpgsqlDbType.Text);
        await writer.WriteAsync(exdates, NpgsqlDbType.Array | NpgsqlDbType.Timestamp);
        await writer.WriteAsync("14467", NpgsqlDbType.Text);
        await writer.WriteAsync("Potsdam", NpgsqlDbType.Text);
        await writer.WriteAsync("active", NpgsqlDbType.Text);
        await writer.WriteAsync(1, NpgsqlDbType.Integer);
        await writer.WriteAsync(0, NpgsqlDbType.Integer);
        await writer.WriteAsync(now.UtcDateTime, NpgsqlDbType.TimestampTz);
        await writer.WriteAsync(now.UtcDateTime, NpgsqlDbType.TimestampTz);
    }
    await writer.CompleteAsync();
}
