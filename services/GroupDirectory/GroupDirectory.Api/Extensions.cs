using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Selbsthilfe.GroupDirectory.Api.Data;
using Selbsthilfe.GroupDirectory.Api.Federation;
using Selbsthilfe.GroupDirectory.Api.Listings;
using Selbsthilfe.GroupDirectory.Api.Offices;
using Selbsthilfe.GroupDirectory.Api.Taxonomy;
using Selbsthilfe.Messaging;
using Selbsthilfe.ServiceDefaults.Data;
using Selbsthilfe.ServiceDefaults.Security;

namespace Selbsthilfe.GroupDirectory.Api;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase(ResourceNames.DirectoryDb, typeof(Extensions).Assembly);
        builder.AddPlatformMessaging(typeof(Extensions).Assembly);
        builder.AddStaffAuthentication();
        builder.Services.AddOpenApi();
        // Hidden fields are left out of answers, not sent as null.
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull);
        builder.Services.AddSingleton<ListingStore>();
        builder.Services.AddSingleton<SearchIndex>();
        builder.Services.AddHostedService<SearchIndexWarmup>();
        builder.Services.AddSingleton<ListingSearch>();
        builder.Services.AddSingleton<OfficeRegistration>();
        builder.Services.AddSingleton(TopicTaxonomy.LoadShipped());
        builder.Services.Configure<FederationOptions>(builder.Configuration.GetSection("Federation"));
        builder.Services.AddSingleton<ChangeFeed>();
        builder.Services.AddSingleton<ListingUpload>();
        builder.Services.AddSingleton<FederationKeys>();
        builder.Services.AddSingleton<Peers>();
        // The puller has its own retry schedule (backoff with jitter, recorded per peer): no retries inside a pull.
        // (RemoveAllResilienceHandlers is marked experimental; it is the documented way to opt one client out of the
        // defaults that ServiceDefaults adds to every client.)
#pragma warning disable EXTEXP0001
        builder.Services.AddHttpClient(PeerPuller.HttpClientName, (sp, c) => c.Timeout = sp.GetRequiredService<IOptions<FederationOptions>>().Value.RequestTimeout)
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        builder.Services.AddSingleton<PeerPuller>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PeerPuller>());
        // Feeds and search pages are JSON that compresses well; peers read whole feeds.
        builder.Services.AddResponseCompression(o => o.EnableForHttps = true);
        if (builder.Configuration.GetValue("DemoData:Enabled", builder.Environment.IsDevelopment()))
        {
            builder.Services.AddHostedService<DemoOffices>();
        }
        return builder;
    }
}
