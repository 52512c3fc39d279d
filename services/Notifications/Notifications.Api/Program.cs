using Selbsthilfe.Notifications.Api;
using Selbsthilfe.Notifications.Api.Endpoints;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseApiDefaults();
app.MapSubscriptionEndpoints();
app.MapManageEndpoints();
app.MapContactEndpoints();
app.MapOpenApi(Routes.OpenApi);
app.MapDefaultEndpoints();

app.Run();
