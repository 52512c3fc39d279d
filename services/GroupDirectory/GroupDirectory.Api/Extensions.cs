using System.Text.Json.Serialization;
using Selbsthilfe.GroupDirectory.Api.Data;
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
        builder.Services.AddSingleton<ListingSearch>();
        builder.Services.AddSingleton<OfficeRegistration>();
        builder.Services.AddSingleton(TopicTaxonomy.LoadShipped());
        if (builder.Configuration.GetValue("DemoData:Enabled", builder.Environment.IsDevelopment()))
        {
            builder.Services.AddHostedService<DemoOffices>();
        }
        return builder;
    }
}
