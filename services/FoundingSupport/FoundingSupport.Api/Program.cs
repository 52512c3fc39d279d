using Selbsthilfe.FoundingSupport.Api;
using Selbsthilfe.FoundingSupport.Api.Endpoints;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseApiDefaults();
app.MapPostingEndpoints();
app.MapInitiativeEndpoints();
app.MapOfficeEndpoints();
app.MapOpenApi(Routes.OpenApi);
app.MapDefaultEndpoints();

app.Run();
