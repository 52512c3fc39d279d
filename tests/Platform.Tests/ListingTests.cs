using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Platform.Tests;

[Collection(PlatformCollection.Name)]
public sealed class ListingTests(PlatformFixture fixture)
{
    [Fact]
    public async Task An_office_publishes_a_listing_through_the_gateway_and_a_newcomer_finds_it()
    {
        var (office, id, staff) = await PublishAsync(fixture, "Kontaktstelle Ende-zu-Ende", "34", new
        {
            name = "Selbsthilfegruppe Tinnitus Kassel",
            topics = new[] { "tinnitus" },
            audience = "affected",
            languages = new[] { "de" },
            setting = "in-person",
            place = new { kind = "public-venue", venue = "Stadtteilzentrum", street = "Marktgasse 2", postcode = "34117", city = "Kassel", latitude = 51.3155, longitude = 9.4924 },
            openness = "open",
            contact = new { kind = "office" },
            visibility = "public",
        });
        staff.Dispose();

        using var newcomer = fixture.Platform.CreateGatewayClient();
        var page = await newcomer.GetFromJsonAsync<JsonElement>($"/api/directory/groups?q=Ohrgeraeusche&office={office}");

        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal("Kontaktstelle Ende-zu-Ende", item.GetProperty("office").GetProperty("name").GetString());
        // Other instances read it from the public change feed through the gateway.
        var feed = await newcomer.GetFromJsonAsync<JsonElement>("/federation/v1/listings?limit=1000");
        while (!feed.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("id").GetString() == id) && feed.GetProperty("has_more").GetBoolean())
            feed = await newcomer.GetFromJsonAsync<JsonElement>($"/federation/v1/listings?limit=1000&since={feed.GetProperty("next").GetString()}");
        Assert.Contains(feed.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task In_development_the_finder_shows_fictional_groups_of_the_four_demo_offices()
    {
        using var newcomer = fixture.Platform.CreateGatewayClient();
        string[] demo = ["kiss-dresden", "sekis-berlin", "sekiz-potsdam", "selbsthilfe-kassel"];

        var offices = (await newcomer.GetFromJsonAsync<JsonElement>("/api/directory/groups?limit=1")).GetProperty("facets").GetProperty("counts").GetProperty("office");

        Assert.All(demo, id => Assert.True(offices.TryGetProperty(id, out var count) && count.GetInt32() >= 20, $"{id}: {offices}"));
        Assert.InRange(demo.Sum(id => offices.GetProperty(id).GetInt32()), 120, 200);
    }

    /// <summary>Registers a new office, and publishes <paramref name="listing"/> for it through the gateway.</summary>
    internal static async Task<(string Office, string Id, HttpClient Staff)> PublishAsync(PlatformFixture fixture, string officeName,
        string postcodePrefix, object listing)
    {
        var office = $"kontaktstelle-{Guid.NewGuid():N}"[..30];
        using (var admin = fixture.Platform.CreateGatewayClient(null, "platform-admin"))
        {
            (await admin.PostAsJsonAsync("/api/directory/offices", new { id = office, name = officeName, regionPostcodePrefixes = new[] { postcodePrefix } }))
                .EnsureSuccessStatusCode();
        }
        var staff = fixture.Platform.CreateGatewayClient(office, "office-editor");
        using var created = await staff.PostAsJsonAsync("/api/directory/listings", listing);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        (await staff.PostAsync($"/api/directory/listings/{id}/publish", null)).EnsureSuccessStatusCode();
        return (office, id, staff);
    }
}
