using Selbsthilfe.Web;
using Selbsthilfe.Web.Components;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddWebServices();

var app = builder.Build();

app.UseWebDefaults();
app.MapStaticAssets();
app.MapRazorComponents<App>();
app.MapMailLinkEndpoints();
app.MapDefaultEndpoints();

app.Run();
