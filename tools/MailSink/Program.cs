using Selbsthilfe.MailSink;

// Development only: accepts every mail over SMTP and shows it, so no mail leaves the machine.
var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.Services.AddSingleton<MailStore>();
builder.Services.AddHostedService<SmtpListener>();

var app = builder.Build();

app.UseApiDefaults();
app.MapMailEndpoints();
app.MapDefaultEndpoints();

app.Run();
