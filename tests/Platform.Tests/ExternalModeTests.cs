using System.Net;
using Selbsthilfe;
using Selbsthilfe.TestSupport;

namespace Platform.Tests;

public sealed class ExternalModeTests
{
    [Fact]
    public async Task External_mode_runs_the_platform_on_servers_named_by_connection_strings()
    {
        var servers = new LocalServers();
        await servers.InitializeAsync();
        try
        {
            var ports = PlatformApp.Ports.Free();
            string[] databases = [ResourceNames.DirectoryDb, ResourceNames.EventsDb, ResourceNames.NotificationsDb, ResourceNames.FoundingDb];
            string[] args =
            [
                "--Infrastructure:Mode=External",
                $"--ConnectionStrings:{ResourceNames.Messaging}={servers.AmqpUri}",
                $"--Gateway:Port={ports.Gateway}",
                .. databases.Select(db => $"--ConnectionStrings:{db}={servers.ConnectionString(db)}"),
            ];

            await using var platform = await PlatformApp.StartAsync(args, dataDirectory: "", ports);

            using var client = platform.CreateGatewayClient();
            foreach (var prefix in new[] { "/api/directory", "/api/events", "/api/notifications", "/api/founding" })
            {
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{prefix}/health")).StatusCode);
            }
        }
        finally
        {
            await servers.DisposeAsync();
        }
    }
}
