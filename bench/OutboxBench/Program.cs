using System.Globalization;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OutboxBench;
using Selbsthilfe.Bench;
using Selbsthilfe.Messaging;
using Selbsthilfe.Messaging.Outbox;
using Selbsthilfe.ServiceDefaults.Data;
using Selbsthilfe.TestSupport;

// Events committed → consumed per second through our outbox + RabbitMQ + inbox, beside raw MassTransit
// publish → consume on the same broker, in one run, arms interleaved A-B-B-A (twice), medians.
var n = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5000;
const int writers = 16;
var options = new MessagingOptions();

var servers = new LocalServers();
await servers.InitializeAsync();
try
{
    var rawArrivals = new Arrivals();
    using var raw = await RawMassTransit.StartAsync(servers.AmqpUri, rawArrivals, options.PrefetchCount, options.ConcurrentMessageLimit);
    var outboxArrivals = new Arrivals();
    using var outbox = await StartOutboxServiceAsync(servers, outboxArrivals);
    var bus = raw.Services.GetRequiredService<IBus>();
    var transactions = outbox.Services.GetRequiredService<TransactionalOutbox>();
    var sequence = 0;

    Task<double> Raw() => Throughput.MeasureAsync(n, writers, rawArrivals, i => bus.Publish(new RawBenchEvent(i)));
    Task<double> Outboxed() => Throughput.MeasureAsync(n, writers, outboxArrivals, async _ =>
    {
        var s = Interlocked.Increment(ref sequence);
        await using var tx = await transactions.BeginAsync();
        await tx.RaiseAsync($"bench-{s}", new OutboxBenchEvent(s));
        await tx.CommitAsync();
    });

    await Raw();
    await Outboxed();
    List<double> a = [], b = [];
    for (var round = 0; round < 2; round++)
    {
        a.Add(await Raw());
        b.Add(await Outboxed());
        b.Add(await Outboxed());
        a.Add(await Raw());
    }

    var rawRate = Throughput.Median(a);
    var outboxRate = Throughput.Median(b);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Outbox throughput, {n} events per sample, {writers} concurrent writers, A-B-B-A ×2, medians; {Environment.ProcessorCount} cores"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  raw MassTransit publish→consume      {rawRate,8:F0} msg/s   samples {string.Join(", ", a.Select(x => x.ToString("F0", CultureInfo.InvariantCulture)))}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  commit→outbox→relay→inbox→effect    {outboxRate,8:F0} msg/s   samples {string.Join(", ", b.Select(x => x.ToString("F0", CultureInfo.InvariantCulture)))}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ratio outbox ÷ raw: {outboxRate / rawRate:F2}"));
}
finally
{
    await servers.DisposeAsync();
}

static async Task<IHost> StartOutboxServiceAsync(LocalServers servers, Arrivals arrivals)
{
    var builder = Host.CreateApplicationBuilder();
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["ConnectionStrings:benchdb"] = await servers.CreateDatabaseAsync(),
        ["ConnectionStrings:messaging"] = servers.AmqpUri,
        ["Messaging:EndpointPrefix"] = "bench-outbox-",
    });
    builder.Services.AddSingleton(arrivals);
    builder.AddServiceDatabase("benchdb", typeof(OutboxBenchEvent).Assembly);
    builder.AddPlatformMessaging(typeof(OutboxBenchEvent).Assembly);
    var host = builder.Build();
    await host.StartAsync();
    return host;
}
