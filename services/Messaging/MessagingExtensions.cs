using System.Reflection;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Selbsthilfe.Messaging;

public static class MessagingExtensions
{
    /// <summary>
    /// The one MassTransit setup of the platform: RabbitMQ from the <c>messaging</c> connection string (an amqp:// URI),
    /// kebab-case endpoint names, consumers registered from the service's assembly. Publisher confirms are on by
    /// default in MassTransit's RabbitMQ transport and stay on. The bus registers its own health check, so
    /// <c>/health</c> fails while the broker is unreachable.
    /// </summary>
    public static IHostApplicationBuilder AddPlatformMessaging(this IHostApplicationBuilder builder, Assembly consumersAssembly)
    {
        var connectionString = builder.Configuration.GetConnectionString(ResourceNames.Messaging)
            ?? throw new InvalidOperationException($"Connection string '{ResourceNames.Messaging}' is missing.");

        builder.Services.AddMassTransit(bus =>
        {
            bus.SetKebabCaseEndpointNameFormatter();
            bus.AddConsumers(consumersAssembly);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(new Uri(connectionString));
                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }
}
