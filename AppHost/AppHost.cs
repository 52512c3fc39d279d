using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Selbsthilfe;
using Selbsthilfe.AppHost;
using Selbsthilfe.AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);

// Where people reach the platform: the gateway. Mails and pages write absolute links (mail links, webcal://) with it.
var gatewayPort = builder.Configuration.GetValue("Gateway:Port", 8080);
var publicBaseUrl = builder.Configuration["Gateway:PublicBaseUrl"] ?? $"http://localhost:{gatewayPort}";

// Infrastructure: containers where a runtime answers, local executables where none does, or external servers.
var infrastructure = builder.AddPlatformInfrastructure();
var messaging = infrastructure.Messaging;
var mailSink = builder.AddProject<Projects.MailSink>(ResourceNames.MailSink)
    .WithEndpoint(name: "smtp", scheme: "tcp", env: "SMTP_PORT")
    .WithHttpHealthCheck(Extensions.AlivePath);

// One database per service; no service references another's.
var directoryDb = infrastructure.AddDatabase(ResourceNames.DirectoryDb);
var eventsDb = infrastructure.AddDatabase(ResourceNames.EventsDb);
var notificationsDb = infrastructure.AddDatabase(ResourceNames.NotificationsDb);
var foundingDb = infrastructure.AddDatabase(ResourceNames.FoundingDb);

var events = builder.AddProject<Projects.Events_Api>(ResourceNames.Events)
    .WithStaffAuthentication(builder.Configuration)
    .WithReference(eventsDb).WaitFor(eventsDb)
    .WithReference(messaging).WaitFor(messaging)
    .WithHttpHealthCheck(Extensions.HealthPath);

var notifications = builder.AddProject<Projects.Notifications_Api>(ResourceNames.Notifications)
    .WithStaffAuthentication(builder.Configuration)
    .WithReference(notificationsDb).WaitFor(notificationsDb)
    .WithReference(messaging).WaitFor(messaging)
    .WithReference(mailSink.GetEndpoint("smtp")).WaitFor(mailSink)
    .WithEnvironment("Notifications__Mail__PublicBaseUrl", publicBaseUrl)
    .WithHttpHealthCheck(Extensions.HealthPath);

var founding = builder.AddProject<Projects.FoundingSupport_Api>(ResourceNames.FoundingSupport)
    .WithStaffAuthentication(builder.Configuration)
    .WithReference(foundingDb).WaitFor(foundingDb)
    .WithReference(messaging).WaitFor(messaging)
    .WithHttpHealthCheck(Extensions.HealthPath);

// The directory starts last: it announces the demo offices and groups as soon as it runs, and RabbitMQ drops what is
// published to an exchange before a consumer's queue is bound to it. Once the others are healthy their queues exist,
// so on a cold start Founding, Events and Notifications hear of the demo offices and groups. (None of them waits for
// the directory, so this adds no cycle.)
var directory = builder.AddProject<Projects.GroupDirectory_Api>(ResourceNames.GroupDirectory)
    .WithStaffAuthentication(builder.Configuration)
    .WithReference(directoryDb).WaitFor(directoryDb)
    .WithReference(messaging).WaitFor(messaging)
    .WaitFor(events).WaitFor(notifications).WaitFor(founding)
    .WithHttpHealthCheck(Extensions.HealthPath);

// The public site and the pages behind every mail link: no database, it reads and writes through the services.
var web = builder.AddProject<Projects.Web>(ResourceNames.Web)
    .WithReference(directory).WaitFor(directory)
    .WithReference(events).WaitFor(events)
    .WithReference(notifications).WaitFor(notifications)
    .WithReference(founding).WaitFor(founding)
    .WithEnvironment("Site__PublicBaseUrl", publicBaseUrl)
    .WithHttpHealthCheck(Extensions.AlivePath);

// The gateway is the only public entry. Its settings (Gateway:*, e.g. WritesPerWindow) pass from the AppHost's
// command line or configuration to it.
var gateway = builder.AddProject<Projects.Gateway>(ResourceNames.Gateway)
    .WithEndpoint("http", endpoint => endpoint.Port = gatewayPort)
    .WithReference(web).WaitFor(web)
    .WithReference(directory).WaitFor(directory)
    .WithReference(events).WaitFor(events)
    .WithReference(notifications).WaitFor(notifications)
    .WithReference(founding).WaitFor(founding)
    .WithHttpHealthCheck(Extensions.HealthPath);

foreach (var (key, value) in builder.Configuration.GetSection("Gateway").AsEnumerable(makePathsRelative: true))
{
    if (value is not null) gateway.WithEnvironment("Gateway__" + key.Replace(":", "__", StringComparison.Ordinal), value);
}

builder.Build().Run();
