using Selbsthilfe.Messaging;
using Selbsthilfe.Notifications.Api.Contacts;
using Selbsthilfe.Notifications.Api.Delivery;
using Selbsthilfe.Notifications.Api.Privacy;
using Selbsthilfe.Notifications.Api.Reminders;
using Selbsthilfe.Notifications.Api.Subscriptions;
using Selbsthilfe.ServiceDefaults.Data;

namespace Selbsthilfe.Notifications.Api;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase(ResourceNames.NotificationsDb, typeof(Extensions).Assembly);
        builder.AddPlatformMessaging(typeof(Extensions).Assembly);
        builder.Services.AddOpenApi();
        builder.Services.Configure<KeyOptions>(builder.Configuration.GetSection(KeyOptions.Section));
        builder.Services.Configure<MailOptions>(builder.Configuration.GetSection(MailOptions.Section));
        builder.Services.AddSingleton<EmailProtector>();
        builder.Services.AddSingleton<LinkTokens>();
        builder.Services.AddSingleton<Mailer>();
        builder.Services.AddSingleton<Subscribe>();
        builder.Services.AddSingleton<Confirm>();
        builder.Services.AddSingleton<Unsubscribe>();
        builder.Services.AddSingleton<Manage>();
        builder.Services.AddSingleton<FoundingContacts>();
        builder.Services.Configure<ReminderOptions>(builder.Configuration.GetSection(ReminderOptions.Section));
        builder.Services.AddSingleton<ReminderMetrics>();
        builder.Services.AddSingleton<ReminderSweep>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ReminderSweep>());
        builder.Services.AddSingleton<ExpirySweep>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ExpirySweep>());
        return builder;
    }
}
