using Selbsthilfe.GroupDirectory.Api.Data;
using Selbsthilfe.GroupDirectory.Api.Offices;
using Selbsthilfe.GroupDirectory.Api.Taxonomy;
using Selbsthilfe.Messaging;
using Selbsthilfe.ServiceDefaults.Data;

namespace Selbsthilfe.GroupDirectory.Api;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase(ResourceNames.DirectoryDb, typeof(Extensions).Assembly);
        builder.AddPlatformMessaging(typeof(Extensions).Assembly);
        builder.Services.AddOpenApi();
        builder.Services.AddSingleton<OfficeRegistration>();
        builder.Services.AddSingleton(TopicTaxonomy.LoadShipped());
        if (builder.Configuration.GetValue("DemoData:Enabled", builder.Environment.IsDevelopment()))
        {
            builder.Services.AddHostedService<DemoOffices>();
        }
        return builder;
    }
}
