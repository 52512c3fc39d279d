using Selbsthilfe.Events.Api;
using Selbsthilfe.Events.Api.Endpoints;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseApiDefaults();
app.MapSeriesEndpoints();
app.MapOccurrenceEndpoints();
app.MapOpenApi(Routes.OpenApi);
app.MapDefaultEndpoints();

app.Run();
