using System.Reflection;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Selbsthilfe.Messaging.Outbox;
using Selbsthilfe.ServiceDefaults.Data;

namespace Selbsthilfe.Messaging;

public static class MessagingExtensions
{
    /// <summary>
    /// The one messaging setup of the platform: MassTransit over RabbitMQ from the <c>messaging</c> connection string
    /// (an amqp:// URI), kebab-case endpoint names, the service's consumers, retries, and our PostgreSQL outbox
    /// (<see cref="TransactionalOutbox"/> + relay) and inbox (<see cref="Inbox.Inbox"/>) on the service's database.
    /// The bus registers its own health check, so <c>/health</c> fails while the broker is unreachable.
    /// Call after <c>AddServiceDatabase</c>.
    /// </summary>
    public static IHostApplicationBuilder AddPlatformMessaging(
        this IHostApplicationBuilder builder, Assembly consumersAssembly)
    {
        var connectionString = builder.Configuration.GetConnectionString(ResourceNames.Messaging)
            ?? throw new InvalidOperationException($"Connection string '{ResourceNames.Messaging}' is missing.");
        var section = builder.Configuration.GetSection(MessagingOptions.Section);
        var options = section.Get<MessagingOptions>() ?? new MessagingOptions();
        builder.Services.Configure<MessagingOptions>(section);

        builder.AddMigrations(typeof(MessagingExtensions).Assembly);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<MessagingMetrics>();
        builder.Services.AddSingleton<TransactionalOutbox>();
        builder.Services.AddSingleton<Inbox.Inbox>();
        builder.Services.AddSingleton<OutboxRelay>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboxRelay>());
        builder.Services.AddOptions<MassTransitHostOptions>().Configure(host => host.WaitUntilStarted = true);

        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(EndpointPrefix(options, consumersAssembly), includeNamespace: false));
            bus.AddConsumers(consumersAssembly);
            bus.AddConfigureEndpointsCallback((_, _, endpoint) =>
            {
                // Failures that no retry can mend (bad data, constraint violations) go to the _error queue at once.
                endpoint.UseMessageRetry(retry =>
                {
                    retry.Intervals(options.RetryIntervals());
                    retry.Ignore<JsonException>();
                    retry.Ignore<PermanentMessageException>();
                    retry.Ignore<PostgresException>(IsPermanent);
                });
                endpoint.ConcurrentMessageLimit = options.ConcurrentMessageLimit;
            });
            bus.UsingRabbitMq((context, rabbit) =>
            {
                // Confirms make Publish wait for the broker's ack: the relay marks a row sent only after that.
                rabbit.Host(new Uri(connectionString), host => host.PublisherConfirmation = true);
                rabbit.PrefetchCount = options.PrefetchCount;
                // MassTransit writes message bodies indented by default: more bytes and more work for every publish and
                // every receive, for nobody to read.
                rabbit.ConfigureJsonSerializerOptions(json =>
                {
                    json.WriteIndented = false;
                    return json;
                });
                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }

    /// <summary>
    /// Queue names start with the service's name: every service that keeps the directory's facts has a consumer called
    /// ListingFactsConsumer, and without the service in the name they shared one queue and took each other's messages
    /// as competing consumers, so each event reached only one of them.
    /// </summary>
    internal static string EndpointPrefix(MessagingOptions options, Assembly consumersAssembly) =>
        options.EndpointPrefix + consumersAssembly.GetName().Name!.Replace("Selbsthilfe.", "", StringComparison.Ordinal)
            .Replace('.', '-').ToLowerInvariant() + "-";

    /// <summary>Constraint violations and bad data will fail the same way on every retry.</summary>
    private static bool IsPermanent(PostgresException ex) =>
        ex.SqlState.StartsWith("22", StringComparison.Ordinal) || ex.SqlState.StartsWith("23", StringComparison.Ordinal);
}
