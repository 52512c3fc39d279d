using Selbsthilfe.Messaging;
using Selbsthilfe.ServiceDefaults.Data;

namespace Selbsthilfe.Notifications.Api;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase(ResourceNames.NotificationsDb, typeof(Extensions).Assembly);
        builder.AddPlatformMessaging(typeof(Extensions).Assembly);
        builder.Services.AddOpenApi();
        return builder;
    }
}
