using Selbsthilfe.Web;
using Selbsthilfe.Web.Components;
using Selbsthilfe.Web.Components.Pages.Groups;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddWebServices();

var app = builder.Build();

app.UseWebDefaults();
app.MapStaticAssets();
app.MapRazorComponents<App>();
app.MapGroupEndpoints();
app.MapMailLinkEndpoints();
app.MapDefaultEndpoints();

app.Run();
