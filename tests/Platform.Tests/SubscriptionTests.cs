using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Platform.Tests;

[Collection(PlatformCollection.Name)]
public sealed class SubscriptionTests(PlatformFixture fixture)
{
    [Fact]
    public async Task A_member_subscribes_through_the_gateway_and_confirms_with_the_link_from_the_mail_sink()
    {
        var (_, id, staff) = await ListingTests.PublishAsync(fixture, "Kontaktstelle Erinnerungen", "15", new
        {
            name = "Selbsthilfegruppe Tinnitus",
            topics = new[] { "tinnitus" },
            audience = "affected",
            languages = new[] { "de" },
            setting = "in-person",
            place = new { kind = "public-venue", venue = "Stadtteilzentrum", street = "Am Markt 2", postcode = "15230", city = "Frankfurt (Oder)", latitude = 52.34, longitude = 14.55 },
            openness = "open",
            contact = new { kind = "office" },
            visibility = "public",
        });
        using var _staff = staff;
        using var member = fixture.Platform.CreateGatewayClient();
        var email = $"mitglied-{Guid.NewGuid():N}@example.org";

        // The directory's ListingPublished reaches Notifications over RabbitMQ; until then the group is unknown there.
        await Eventually.TrueAsync(async () =>
        {
            using var subscribed = await member.PostAsJsonAsync("/api/notifications/subscriptions",
                new { email, listingId = id, leadTimesMinutes = new[] { 1440 }, locale = "de" });
            if (subscribed.StatusCode == HttpStatusCode.Accepted) return true;
            Assert.Equal(HttpStatusCode.NotFound, subscribed.StatusCode);
            await Task.Delay(TimeSpan.FromSeconds(1)); // the gateway limits writes per client
            return false;
        }, TimeSpan.FromSeconds(60), "Notifications should learn of the published group");

        // In development the AppHost's mail sink receives the mail and shows it (here through its JSON API).
        using var sink = fixture.Platform.CreateMailSinkClient();
        var mail = await MailSinkMails.WaitForAsync(sink, email);
        Assert.Equal("Bitte bestätigen Sie Ihre E-Mail-Adresse", mail.GetProperty("subject").GetString());
        Assert.DoesNotContain("Tinnitus", mail.GetProperty("subject").GetString());

        var token = MailSinkMails.Token(mail);
        using var confirmed = await member.PostAsync($"/api/notifications/confirm?token={token}", null);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
    }
}
