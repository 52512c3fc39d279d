using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Selbsthilfe.Bench;

public sealed record RawBenchEvent(int Sequence);

/// <summary>The floor: plain MassTransit publish (with publisher confirms) → consume, no database on either side.</summary>
public sealed class RawBenchConsumer(Arrivals arrivals) : IConsumer<RawBenchEvent>
{
    public Task Consume(ConsumeContext<RawBenchEvent> context)
    {
        arrivals.Arrived();
        return Task.CompletedTask;
    }
}

public static class RawMassTransit
{
    /// <summary>A bus with the same prefetch and concurrency as the platform's, and nothing else.</summary>
    public static async Task<IHost> StartAsync(string amqpUri, Arrivals arrivals, int prefetch, int concurrency)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton(arrivals);
        // Start returns once the receive endpoint is bound: a message published earlier would be lost to the count.
        builder.Services.AddOptions<MassTransitHostOptions>().Configure(o => o.WaitUntilStarted = true);
        builder.Services.AddMassTransit(bus =>
        {
            bus.AddConsumer<RawBenchConsumer>().Endpoint(e => e.Name = "bench-raw-" + Guid.NewGuid().ToString("N")[..8]);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(new Uri(amqpUri));
                rabbit.PrefetchCount = prefetch;
                rabbit.ConcurrentMessageLimit = concurrency;
                rabbit.ConfigureEndpoints(context);
            });
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
