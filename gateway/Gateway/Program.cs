using Selbsthilfe.Gateway;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGateway();

var app = builder.Build();

app.UseForwardedHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseBodySizeLimit();
app.UseRateLimiter();
app.MapReverseProxy(proxy => proxy.UseGatewayPipeline());
app.MapUnknownApiPaths();
app.MapDefaultEndpoints();

app.Run();
