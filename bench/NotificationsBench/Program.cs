using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Npgsql;
using NpgsqlTypes;
using Selbsthilfe.Bench;
using Selbsthilfe.MailSink;
using Selbsthilfe.Notifications.Api.Privacy;
using Selbsthilfe.Notifications.Api.Reminders;
using Selbsthilfe.TestSupport;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

// Reminder fan-out into an SMTP sink: (a) one meeting with N subscribers (default 100,000), (b) N/100 meetings with
// 100 subscribers each, all due at once. From the sweep claiming the due jobs until the sink holds every mail:
// reminders/s, and the delay (sent − due) distribution from the delivery log. Beside it, in the same run on the same
// broker, raw MassTransit publish → consume of N small messages (no database, no mail) as the floor:
// raw, (a), (b), raw.
var n = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
var servers = new LocalServers();
await servers.InitializeAsync();
await using var sink = new CountingSink();
try
{
    var connectionString = await servers.CreateDatabaseAsync();
    string Key() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    await using var factory = new WebApplicationFactory<ReminderSweep>().WithWebHostBuilder(web =>
    {
        web.UseEnvironment("Production");
        web.UseContentRoot(AppContext.BaseDirectory);
        web.UseSetting("ConnectionStrings:notificationsdb", connectionString);
        web.UseSetting("ConnectionStrings:messaging", servers.AmqpUri);
        web.UseSetting("Messaging:EndpointPrefix", "bench-notifications-");
        web.UseSetting("Notifications:Mail:Smtp", $"smtp://127.0.0.1:{sink.Port}");
        web.UseSetting("Notifications:Keys:Current", "k1");
        web.UseSetting("Notifications:Keys:Encryption:k1", Key());
        web.UseSetting("Notifications:Keys:BlindIndex", Key());
        web.UseSetting("Notifications:Keys:Links", Key());
        // The bench runs the sweep itself, once everything is in place.
        web.UseSetting("Notifications:Reminders:SweepInterval", "1.00:00:00");
        web.UseSetting("Logging:LogLevel:Default", "Warning");
    });
    _ = factory.Server;
    var protector = factory.Services.GetRequiredService<EmailProtector>();
    var sweep = factory.Services.GetRequiredService<ReminderSweep>();

    var seed = Stopwatch.StartNew();
    var scenarios = await SeedAsync(connectionString, protector, n);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seeded {n} subscribers, {scenarios.Sum(s => s.Meetings.Length)} meetings in {seed.Elapsed.TotalSeconds:F1} s"));

    var rawBefore = await RawAsync(servers.AmqpUri, n);
    var results = new List<(string Name, FanOut Result)>();
    foreach (var scenario in scenarios)
    {
        results.Add((scenario.Name, await FanOutAsync(connectionString, sweep, sink, scenario)));
    }
    var rawAfter = await RawAsync(servers.AmqpUri, n);
    var raw = (rawBefore + rawAfter) / 2;

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Reminder fan-out into an SMTP sink, {n} mails per scenario; {Environment.ProcessorCount} cores"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  raw MassTransit publish → consume       {raw,8:F0} msg/s   (before {rawBefore:F0}, after {rawAfter:F0})"));
    foreach (var (name, r) in results)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {name,-38} {r.PerSecond,8:F0} mails/s  all {r.Received} in the sink after {r.Seconds:F1} s; duplicates {r.Duplicates}; ratio to raw {r.PerSecond / raw:F3}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {"",-38} delay sent − due: p50 {r.P50:F1} s, p95 {r.P95:F1} s, p99 {r.P99:F1} s, max {r.Max:F1} s"));
    }
}
finally
{
    await servers.DisposeAsync();
}

// Raw MassTransit: N small messages published (with confirms) and consumed on the same broker, messages/s.
static async Task<double> RawAsync(string amqpUri, int n)
{
    var arrivals = new Arrivals();
    using var host = await RawMassTransit.StartAsync(amqpUri, arrivals, prefetch: 32, concurrency: 16);
    var bus = host.Services.GetRequiredService<IBus>();
    var rate = await Throughput.MeasureAsync(n, 32, arrivals, i => bus.Publish(new RawBenchEvent(i)));
    await host.StopAsync();
    return rate;
}

// Makes the scenario's jobs due now, runs the sweep, waits until the sink holds every mail.
static async Task<FanOut> FanOutAsync(string connectionString, ReminderSweep sweep, CountingSink sink, Scenario scenario)
{
    sink.Reset();
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using (var due = new NpgsqlCommand("UPDATE jobs SET due_at = now(), state = 'due' WHERE occurrence_id = ANY($1)", connection))
    {
        due.Parameters.AddWithValue(scenario.Meetings);
        await due.ExecuteNonQueryAsync();
    }
    var watch = Stopwatch.StartNew();
    var jobs = await sweep.RunAsync(default);
    var fannedOut = watch.Elapsed.TotalSeconds;
    var timeout = TimeSpan.FromMinutes(5);
    while (sink.Received < scenario.Mails && watch.Elapsed < timeout) await Task.Delay(50);
    var seconds = sink.LastArrival.TotalSeconds;
    if (sink.Received < scenario.Mails)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {scenario.Name}: only {sink.Received} of {scenario.Mails} mails after {timeout.TotalSeconds} s"));
    }
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {scenario.Name}: {jobs} jobs fanned out in {fannedOut:F1} s"));

    await using var delays = new NpgsqlCommand("""
        SELECT percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY extract(epoch FROM sent_at - d.due_at)),
               max(extract(epoch FROM sent_at - d.due_at))::float8
        FROM deliveries d JOIN jobs j ON j.id = d.job_id WHERE j.occurrence_id = ANY($1) AND d.state = 'sent'
        """, connection);
    delays.Parameters.AddWithValue(scenario.Meetings);
    await using var reader = await delays.ExecuteReaderAsync();
    await reader.ReadAsync();
    var p = reader.IsDBNull(0) ? [double.NaN, double.NaN, double.NaN] : (double[])reader[0];
    var max = reader.IsDBNull(1) ? double.NaN : reader.GetDouble(1);
    return new FanOut(sink.Received, sink.Duplicates, seconds, sink.Received / seconds, p[0], p[1], p[2], max);
}

// Subscribers with encrypted addresses (as the service writes them), subscriptions, meetings and their jobs (not yet
// due): (a) one meeting of one group with all N subscribers, (b) N/100 groups with 100 subscribers and one meeting each.
static async Task<List<Scenario>> SeedAsync(string connectionString, EmailProtector protector, int n)
{
    var now = DateTime.UtcNow;
    var big = Guid.NewGuid();
    var small = Enumerable.Range(0, n / 100).Select(_ => Guid.NewGuid()).ToArray();
    var subscribers = Enumerable.Range(0, n).Select(_ => Guid.NewGuid()).ToArray();
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();

    await using (var listings = await connection.BeginBinaryImportAsync("COPY listings (id, version, subscribable, name, updated_at) FROM STDIN (FORMAT BINARY)"))
    {
        foreach (var id in small.Prepend(big))
        {
            await listings.WriteRowAsync(default, id, 1, true, "Selbsthilfegruppe", now);
        }
        await listings.CompleteAsync();
    }
    await using (var people = await connection.BeginBinaryImportAsync(
        "COPY subscribers (id, email_index, email_cipher, email_key_id, locale, created_at, confirmed_at) FROM STDIN (FORMAT BINARY)"))
    {
        for (var i = 0; i < n; i++)
        {
            var email = $"mitglied{i}@example.org";
            var (cipher, keyId) = protector.Encrypt(email);
            await people.WriteRowAsync(default, subscribers[i], protector.BlindIndex(email), cipher, keyId, i % 5 == 0 ? "en" : "de", now, now);
        }
        await people.CompleteAsync();
    }
    await using (var subscriptions = await connection.BeginBinaryImportAsync("""
        COPY subscriptions (id, subscriber_id, listing_id, lead_times_minutes, state, created_at, consent_at, consent_text_version, consent_method)
        FROM STDIN (FORMAT BINARY)
        """))
    {
        for (var i = 0; i < n; i++)
        {
            foreach (var listing in new[] { big, small[i / 100] })
            {
                await subscriptions.StartRowAsync();
                await subscriptions.WriteAsync(Guid.NewGuid(), NpgsqlDbType.Uuid);
                await subscriptions.WriteAsync(subscribers[i], NpgsqlDbType.Uuid);
                await subscriptions.WriteAsync(listing, NpgsqlDbType.Uuid);
                await subscriptions.WriteAsync(new[] { 1440 }, NpgsqlDbType.Array | NpgsqlDbType.Integer);
                await subscriptions.WriteAsync("active", NpgsqlDbType.Text);
                await subscriptions.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await subscriptions.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await subscriptions.WriteAsync("bench", NpgsqlDbType.Text);
                await subscriptions.WriteAsync("link", NpgsqlDbType.Text);
            }
        }
        await subscriptions.CompleteAsync();
    }

    var meetings = small.Prepend(big).Select(listing => (Listing: listing, Meeting: Guid.NewGuid())).ToList();
    await using (var occurrences = await connection.BeginBinaryImportAsync("""
        COPY occurrences (id, listing_id, starts_at, ends_at, room, address, postcode, city, online, cancelled, updated_at) FROM STDIN (FORMAT BINARY)
        """))
    {
        var starts = now.AddDays(1);
        foreach (var (listing, meeting) in meetings)
        {
            await occurrences.WriteRowAsync(default, meeting, listing, starts, starts.AddHours(2), "Raum 2", "Hauptstraße 1", "14467", "Potsdam", false, false, now);
        }
        await occurrences.CompleteAsync();
    }
    await using (var jobs = await connection.BeginBinaryImportAsync(
        "COPY jobs (id, occurrence_id, kind, lead_minutes, due_at, state, created_at) FROM STDIN (FORMAT BINARY)"))
    {
        foreach (var (_, meeting) in meetings)
        {
            await jobs.WriteRowAsync(default, Guid.NewGuid(), meeting, "reminder", 1440, new DateTime(2999, 1, 1, 0, 0, 0, DateTimeKind.Utc), "done", now);
        }
        await jobs.CompleteAsync();
    }
    await using (var analyze = new NpgsqlCommand("ANALYZE", connection)) await analyze.ExecuteNonQueryAsync();
    return
    [
        new Scenario("(a) 1 meeting × " + n + " subscribers", [meetings[0].Meeting], n),
        new Scenario("(b) " + small.Length + " meetings × 100 subscribers", meetings.Skip(1).Select(m => m.Meeting).ToArray(), small.Length * 100),
    ];
}

internal sealed record Scenario(string Name, Guid[] Meetings, int Mails);

internal sealed record FanOut(int Received, int Duplicates, double Seconds, double PerSecond, double P50, double P95, double P99, double Max);

/// <summary>
/// An SMTP server in the bench process, built as the AppHost's mail sink is, that reads each mail's headers (not the body)
/// and counts mails and repeated Message-Ids (a reminder sent twice).
/// </summary>
internal sealed class CountingSink : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _server;
    private readonly ConcurrentDictionary<string, byte> _ids = new();
    private Stopwatch _clock = Stopwatch.StartNew();
    private int _received;
    private int _duplicates;
    private long _lastTicks;

    public CountingSink()
    {
        Port = FreePorts.Next();
        _server = SmtpSinkServer.Create(Port, new Store(this), "bench-sink.localhost").StartAsync(_stop.Token);
    }

    public int Port { get; }
    public int Received => Volatile.Read(ref _received);
    public int Duplicates => Volatile.Read(ref _duplicates);
    public TimeSpan LastArrival => TimeSpan.FromTicks(Interlocked.Read(ref _lastTicks));

    public void Reset()
    {
        _ids.Clear();
        _received = 0;
        _duplicates = 0;
        _lastTicks = 0;
        _clock = Stopwatch.StartNew();
    }

    private void Arrived(string? messageId)
    {
        if (messageId is not null && !_ids.TryAdd(messageId, 0)) Interlocked.Increment(ref _duplicates);
        Interlocked.Exchange(ref _lastTicks, _clock.Elapsed.Ticks);
        Interlocked.Increment(ref _received);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _server; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }

    private sealed class Store(CountingSink sink) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var headers = await HeaderList.LoadAsync(stream, cancellationToken);
            sink.Arrived(headers[HeaderId.MessageId]);
            return SmtpResponse.Ok;
        }
    }
}
