using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Platform.Tests;

[Collection(PlatformCollection.Name)]
public sealed class MeetingTests(PlatformFixture fixture)
{
    [Fact]
    public async Task A_published_group_gets_a_meeting_series_and_a_calendar_feed_through_the_gateway()
    {
        var (_, id, staff) = await ListingTests.PublishAsync(fixture, "Kontaktstelle Termine", "14", new
        {
            name = "Gesprächskreis pflegende Angehörige",
            topics = new[] { "pflegende-angehoerige" },
            audience = "relatives",
            languages = new[] { "de" },
            setting = "in-person",
            place = new { kind = "public-venue", venue = "Bürgerhaus", street = "Hegelallee 1", postcode = "14467", city = "Potsdam", latitude = 52.40, longitude = 13.05 },
            openness = "open",
            contact = new { kind = "office" },
            visibility = "public",
        });
        using var _staff = staff;

        // The directory's ListingPublished reaches Events over RabbitMQ; until then the group is unknown there.
        HttpResponseMessage? series = null;
        await Eventually.TrueAsync(async () =>
        {
            series = await staff.PostAsJsonAsync("/api/events/series",
                new { listingId = id, start = "2027-01-12T19:00", durationMinutes = 120, rrule = "FREQ=MONTHLY;BYDAY=2TU" });
            return series.StatusCode == HttpStatusCode.Created;
        }, TimeSpan.FromSeconds(60), "Events should learn of the published group");

        using var newcomer = fixture.Platform.CreateGatewayClient();
        var ics = await newcomer.GetAsync($"/calendars/groups/{id}.ics");
        Assert.Equal(HttpStatusCode.OK, ics.StatusCode);
        Assert.Equal("text/calendar", ics.Content.Headers.ContentType?.MediaType);
        var text = await ics.Content.ReadAsStringAsync();
        Assert.Contains("RRULE:FREQ=MONTHLY;BYDAY=2TU", text);
        var meetings = await newcomer.GetFromJsonAsync<JsonElement>($"/api/events/occurrences?listingId={id}&from=2027-01-01T00:00:00Z&to=2027-05-01T00:00:00Z");
        Assert.Equal(4, meetings.GetProperty("items").GetArrayLength());
    }
}
