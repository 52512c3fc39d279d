using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Selbsthilfe.TestSupport;

namespace Selbsthilfe.Notifications.Tests;

/// <summary>Management by signed link, export (GDPR Art. 15) and erasure (Art. 17).</summary>
[Collection(NotificationsCollection.Name)]
public sealed class SelfServiceTests(NotificationsFixture fixture)
{
    private NotificationsApp App => fixture.App;


    [Fact]
    public async Task A_member_lists_changes_exports_and_erases_everything_by_link()
    {
        var listing = await App.PublishListingAsync();
        var address = $"mitglied-{Guid.NewGuid():N}@example.org";
        await App.SubscribeAsync(address, listing);
        using var client = App.Client();
        (await client.PostAsJsonAsync("/api/notifications/confirm", new { token = await App.TokenFromMailAsync(address, 1) })).EnsureSuccessStatusCode();

        // Asking for the link: same answer for a known and an unknown address; only the known one gets mail.
        var known = await client.PostAsJsonAsync("/api/notifications/manage/link", new { email = address });
        var unknownAddress = $"niemand-{Guid.NewGuid():N}@example.org";
        var unknown = await client.PostAsJsonAsync("/api/notifications/manage/link", new { email = unknownAddress });
        Assert.Equal(HttpStatusCode.Accepted, known.StatusCode);
        Assert.Equal(await known.Content.ReadAsStringAsync(), await unknown.Content.ReadAsStringAsync());
        var token = await App.TokenFromMailAsync(address, 2);
        Assert.Empty(App.Smtp.To(unknownAddress));

        var list = await client.GetFromJsonAsync<JsonElement>($"/api/notifications/manage?token={token}");
        var subscription = Assert.Single(list.GetProperty("subscriptions").EnumerateArray());
        var id = subscription.GetProperty("id").GetGuid();
        Assert.Equal("active", subscription.GetProperty("state").GetString());

        var change = await client.PutAsJsonAsync($"/api/notifications/manage/subscriptions/{id}?token={token}",
            new { leadTimesMinutes = new[] { 60 }, nameGroupInMails = true });
        Assert.Equal(HttpStatusCode.NoContent, change.StatusCode);
        var export = await client.GetFromJsonAsync<JsonElement>($"/api/notifications/manage/export?token={token}");
        Assert.Equal(address, export.GetProperty("email").GetString());
        var exported = Assert.Single(export.GetProperty("subscriptions").EnumerateArray());
        Assert.Equal(60, exported.GetProperty("leadTimesMinutes")[0].GetInt32());
        Assert.Equal("double-opt-in-link", exported.GetProperty("consent").GetProperty("method").GetString());

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/notifications/manage?token={token}x")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/notifications/manage?token={token}")).StatusCode);
        Assert.Equal(0L, await App.ScalarAsync<long>("SELECT count(*) FROM subscriptions WHERE listing_id = $1", listing));
        var index = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<Selbsthilfe.Notifications.Api.Privacy.EmailProtector>(App.Services).BlindIndex(address);
        Assert.Equal(0L, await App.ScalarAsync<long>("SELECT count(*) FROM subscribers WHERE email_index = $1", index));
        Assert.Equal(0L, await App.ScalarAsync<long>("SELECT count(*) FROM request_log WHERE key = $1", index));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/notifications/manage/export?token={token}")).StatusCode);
    }
}
