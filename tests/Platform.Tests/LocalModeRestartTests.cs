using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace Platform.Tests;

public sealed class LocalModeRestartTests
{
    [Fact]
    public async Task Local_mode_starts_again_on_the_same_data()
    {
        var data = PlatformApp.NewDataDirectory();
        var ports = PlatformApp.Ports.Free();
        var officeId = $"restart-{Guid.NewGuid():N}"[..20];

        await using (var first = await PlatformApp.StartAsync(data, ports))
        {
            await using var connection = new NpgsqlConnection(DirectoryDb(ports));
            await connection.OpenAsync();
            await using var insert = new NpgsqlCommand("INSERT INTO offices (id, name) VALUES ($1, 'Kontaktstelle Neustart')", connection);
            insert.Parameters.AddWithValue(officeId);
            await insert.ExecuteNonQueryAsync();

            using var rabbit = LocalServers.RabbitManagement(ports.RabbitMqManagement);
            (await rabbit.PutAsJsonAsync("/api/queues/%2F/restart-probe", new { durable = true })).EnsureSuccessStatusCode();
            (await rabbit.PostAsJsonAsync("/api/exchanges/%2F/amq.default/publish", new
            {
                properties = new { delivery_mode = 2 },
                routing_key = "restart-probe",
                payload = "still here",
                payload_encoding = "string",
            })).EnsureSuccessStatusCode();
        }

        try
        {
            await using var second = await PlatformApp.StartAsync(data, ports);
            await AssertDataSurvived(second, ports, officeId);
        }
        finally
        {
            PlatformApp.DeleteDataDirectory(data);
        }
    }

    private static async Task AssertDataSurvived(PlatformApp second, PlatformApp.Ports ports, string officeId)
    {
        using var client = second.CreateGatewayClient();
        var offices = await client.GetFromJsonAsync<JsonElement>("/api/directory/offices");
        Assert.Contains(offices.EnumerateArray(), o => o.GetProperty("id").GetString() == officeId);

        using var management = LocalServers.RabbitManagement(ports.RabbitMqManagement);
        var queue = await management.GetFromJsonAsync<JsonElement>("/api/queues/%2F/restart-probe");
        Assert.Equal(1, queue.GetProperty("messages").GetInt32());
    }

    private static string DirectoryDb(PlatformApp.Ports ports) =>
        $"Host=127.0.0.1;Port={ports.Postgres};Username=platform;Password=platform-dev;Database=directorydb";

}
