using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace Platform.Tests;

[Collection(PlatformCollection.Name)]
public sealed class OfficeRegistrationTests(PlatformFixture fixture)
{
    [Fact]
    public async Task A_registered_office_reaches_founding_support_through_the_outbox()
    {
        using var client = fixture.Platform.CreateGatewayClient(null, "platform-admin");
        var id = $"kontaktstelle-{Guid.NewGuid():N}"[..30];

        using var response = await client.PostAsJsonAsync("/api/directory/offices",
            new { id, name = "SEKIZ Potsdam (Test)", regionPostcodePrefixes = new[] { "144", "145" } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/directory/offices/{id}", response.Headers.Location?.OriginalString);
        (string Name, string[] Prefixes)? recorded = null;
        await Eventually.TrueAsync(async () => (recorded = await FoundingOffice(id)) is not null);
        Assert.Equal("SEKIZ Potsdam (Test)", recorded!.Value.Name);
        Assert.Equal(["144", "145"], recorded.Value.Prefixes);
    }

    [Fact]
    public async Task An_invalid_office_gets_field_errors_in_German_and_English_and_nothing_is_stored()
    {
        using var client = fixture.Platform.CreateGatewayClient(null, "platform-admin");

        using var response = await client.PostAsJsonAsync("/api/directory/offices",
            new { id = "Not A Slug", name = "", regionPostcodePrefixes = new[] { "ABC" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        Assert.Contains("Kennung", errors.GetProperty("id")[0].GetString());
        Assert.Contains("Id:", errors.GetProperty("id")[0].GetString());
        Assert.True(errors.TryGetProperty("name", out _));
        Assert.True(errors.TryGetProperty("regionPostcodePrefixes", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/directory/offices/Not%20A%20Slug")).StatusCode);
    }

    [Fact]
    public async Task Registering_an_existing_office_id_again_is_a_conflict()
    {
        using var client = fixture.Platform.CreateGatewayClient(null, "platform-admin");
        var office = new { id = $"kiss-{Guid.NewGuid():N}"[..20], name = "KISS Dresden (Test)", regionPostcodePrefixes = new[] { "01" } };
        (await client.PostAsJsonAsync("/api/directory/offices", office)).EnsureSuccessStatusCode();

        using var again = await client.PostAsJsonAsync("/api/directory/offices", office);

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task In_development_the_four_demo_offices_are_listed_and_known_to_founding_support()
    {
        using var client = fixture.Platform.CreateGatewayClient(null, "platform-admin");

        var offices = await client.GetFromJsonAsync<JsonElement>("/api/directory/offices");

        string[] demo = ["kiss-dresden", "sekis-berlin", "sekiz-potsdam", "selbsthilfe-kassel"];
        Assert.Subset(offices.EnumerateArray().Select(o => o.GetProperty("id").GetString()!).ToHashSet(), demo.ToHashSet());
        // The first events of a cold platform, while every test project runs at once on two cores: allow more than the
        // usual 30 s (this took longer once the directory tests grew; alone it takes about a second).
        foreach (var id in demo) await Eventually.TrueAsync(async () => await FoundingOffice(id) is not null, TimeSpan.FromSeconds(90));
    }

    private async Task<(string Name, string[] Prefixes)?> FoundingOffice(string id)
    {
        var ports = fixture.Platform.PortsInUse;
        await using var connection = new NpgsqlConnection(
            $"Host=127.0.0.1;Port={ports.Postgres};Username=platform;Password=platform-dev;Database=foundingdb");
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT name, region_postcode_prefixes FROM offices WHERE id = $1", connection);
        query.Parameters.AddWithValue(id);
        await using var reader = await query.ExecuteReaderAsync();
        return await reader.ReadAsync() ? (reader.GetString(0), reader.GetFieldValue<string[]>(1)) : null;
    }
}
