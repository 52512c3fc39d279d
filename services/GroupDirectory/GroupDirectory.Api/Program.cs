using Selbsthilfe.GroupDirectory.Api;
using Selbsthilfe.GroupDirectory.Api.Endpoints;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseResponseCompression();
app.UseApiDefaults();
app.MapOfficeEndpoints();
app.MapTopicEndpoints();
app.MapListingEndpoints();
app.MapGroupSearchEndpoints();
app.MapFederationEndpoints();
app.MapOpenApi(Routes.OpenApi);
app.MapDefaultEndpoints();

app.Run();
