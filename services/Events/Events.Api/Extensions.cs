using System.Text.Json.Serialization;
using Selbsthilfe.Events.Api.Data;
using Selbsthilfe.Events.Api.Scheduling;
using Selbsthilfe.Messaging;
using Selbsthilfe.ServiceDefaults.Data;
using Selbsthilfe.ServiceDefaults.Security;

namespace Selbsthilfe.Events.Api;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase(ResourceNames.EventsDb, typeof(Extensions).Assembly);
        builder.AddPlatformMessaging(typeof(Extensions).Assembly);
        builder.AddStaffAuthentication();
        builder.Services.AddOpenApi();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull);
        builder.Services.Configure<EventsOptions>(builder.Configuration.GetSection(EventsOptions.Section));
        builder.Services.AddSingleton<EventsMetrics>();
        builder.Services.AddSingleton<SeriesStore>();
        builder.Services.AddSingleton<SeriesQuery>();
        builder.Services.AddSingleton<Materialiser>();
        builder.Services.AddSingleton<SeriesCommands>();
        builder.Services.AddSingleton<HorizonSweep>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<HorizonSweep>());
        if (builder.Configuration.GetValue("DemoData:Enabled", builder.Environment.IsDevelopment()))
        {
            builder.Services.AddHostedService<DemoSeries>();
        }
        return builder;
    }
}
