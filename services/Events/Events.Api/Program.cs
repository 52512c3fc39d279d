using Selbsthilfe.Events.Api;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseApiDefaults();
app.MapOpenApi(Routes.OpenApi);
app.MapDefaultEndpoints();

app.Run();
