using Selbsthilfe.Messaging;
using Selbsthilfe.ServiceDefaults.Data;

namespace Selbsthilfe.Events.Api;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase(ResourceNames.EventsDb, typeof(Extensions).Assembly);
        builder.AddPlatformMessaging(typeof(Extensions).Assembly);
        builder.Services.AddOpenApi();
        return builder;
    }
}
