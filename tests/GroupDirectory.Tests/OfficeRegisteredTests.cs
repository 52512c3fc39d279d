using System.Net;
using System.Net.Http.Json;

namespace GroupDirectory.Tests;

[Collection(DirectoryCollection.Name)]
public sealed class OfficeRegisteredTests(DirectoryFixture fixture)
{
    private DirectoryApp App => fixture.App;

    [Fact]
    public async Task Registering_an_office_announces_its_public_address_and_no_other_contact_detail()
    {
        var id = "office-" + Guid.NewGuid().ToString("N")[..10];
        var response = await App.PlatformAdmin().PostAsJsonAsync("/api/directory/offices", new
        {
            id, name = "SEKIZ Teststadt", regionPostcodePrefixes = new[] { "99" },
            contact = new { email = "info@sekiz.example.org", phone = "0331 123 456" },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var payload = await App.ScalarAsync<string>(
            "SELECT payload::text FROM outbox_messages WHERE aggregate_id = $1 AND message_type LIKE 'Selbsthilfe.GroupDirectory.Contracts.OfficeRegistered,%'", id);
        Assert.Equal("info@sekiz.example.org", System.Text.Json.JsonDocument.Parse(payload).RootElement.GetProperty("email").GetString());
        Assert.DoesNotContain("0331", payload);
    }
}
