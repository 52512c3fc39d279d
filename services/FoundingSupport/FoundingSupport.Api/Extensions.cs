using System.Text.Json.Serialization;
using Selbsthilfe.FoundingSupport.Api.FollowUp;
using Selbsthilfe.FoundingSupport.Api.Initiatives;
using Selbsthilfe.FoundingSupport.Api.PeerSearch;
using Selbsthilfe.Messaging;
using Selbsthilfe.ServiceDefaults.Data;
using Selbsthilfe.ServiceDefaults.Security;

namespace Selbsthilfe.FoundingSupport.Api;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase(ResourceNames.FoundingDb, typeof(Extensions).Assembly);
        builder.AddPlatformMessaging(typeof(Extensions).Assembly);
        builder.AddStaffAuthentication();
        builder.Services.AddOpenApi();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull);
        builder.Services.Configure<FoundingOptions>(builder.Configuration.GetSection(FoundingOptions.Section));
        builder.Services.AddSingleton<FoundingMetrics>();
        builder.Services.AddSingleton<PostingStore>();
        builder.Services.AddSingleton<PostingCommands>();
        builder.Services.AddSingleton<InitiativeStore>();
        builder.Services.AddSingleton<InitiativeMembers>();
        builder.Services.AddSingleton<InitiativeCommands>();
        builder.Services.AddSingleton<InitiativeSteps>();
        builder.Services.AddSingleton<OfficeTasks>();
        builder.Services.AddSingleton<FollowUpSweep>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<FollowUpSweep>());
        builder.Services.AddSingleton<InitiativeCensus>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<InitiativeCensus>());
        return builder;
    }
}
