using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Selbsthilfe.TestSupport;

namespace Selbsthilfe.Events.Tests;

/// <summary>
/// The ICS feeds, read back by an independent parser (Python's icalendar and dateutil, not Ical.Net, which wrote
/// them): the same meetings as the API, at the same instants, with cancellations and moves.
/// </summary>
[Collection(EventsCollection.Name)]
public sealed class CalendarFeedTests(EventsFixture fixture)
{
    private EventsApp App => fixture.App;

    [Fact]
    public async Task A_group_feed_reads_back_to_the_same_meetings_as_the_API()
    {
        var office = EventsApp.NewOffice();
        var listing = await App.PublishListingAsync(office);
        using var editor = App.Editor(office);
        var created = await editor.PostAsJsonAsync("/api/events/series", new
        {
            listingId = listing, start = "2026-12-08T19:00", durationMinutes = 120, rrule = "FREQ=MONTHLY;BYDAY=2TU",
            exdates = new[] { "2027-06-08T19:00" }, rdates = new[] { "2026-12-22T19:00" },
            place = new { room = "Raum 3", address = "Hegelallee 1", postcode = "14467", city = "Potsdam" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await editor.PutAsJsonAsync($"/api/events/series/{id}/occurrences/2027-01-12T19:00:00", new { cancelled = true });
        await editor.PutAsJsonAsync($"/api/events/series/{id}/occurrences/2027-03-09T19:00:00", new { start = "2027-03-10T18:00" });
        await editor.PostAsJsonAsync($"/api/events/series/{id}/pauses", new { from = "2027-07-01", to = "2027-08-31", reason = "Sommerpause" });
        // A second series of the same group: a weekly one that ends after four meetings.
        await editor.PostAsJsonAsync("/api/events/series", new
        {
            listingId = listing, start = "2027-03-25T10:00", durationMinutes = 60, rrule = "FREQ=WEEKLY;COUNT=4",
        });

        using var anonymous = App.Anonymous();
        var response = await anonymous.GetAsync($"/calendars/groups/{listing}.ics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        var ics = await response.Content.ReadAsStringAsync();
        // Time zones before the events that use them: some clients (Outlook among them) read in one pass.
        Assert.True(ics.IndexOf("BEGIN:VTIMEZONE", StringComparison.Ordinal) is > 0 and var tz && tz < ics.IndexOf("BEGIN:VEVENT", StringComparison.Ordinal));
        Assert.Contains("TZID:Europe/Berlin", ics);
        Assert.Contains($"UID:{id}@selbsthilfe-plattform", ics);
        Assert.Contains("STATUS:CANCELLED", ics);

        var from = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var to = new DateTimeOffset(2027, 12, 31, 0, 0, 0, TimeSpan.Zero);
        var independent = await IndependentIcs.ReadAsync(ics, from, to);
        var api = (await anonymous.GetFromJsonAsync<JsonElement>($"/api/events/occurrences?listingId={listing}&from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}"))
            .GetProperty("items").EnumerateArray().ToList();

        var fromFeed = independent.Select(m => (m.Start.UtcDateTime, m.Status == "CANCELLED" ? "cancelled" : "scheduled")).ToList();
        var fromApi = api.Select(i => (i.GetProperty("start").GetDateTimeOffset().UtcDateTime, i.GetProperty("status").GetString()!)).ToList();
        Assert.Equal(fromApi, fromFeed);
        // Spot checks by hand: the extra date, the move, DST (March 28) and the summer break.
        Assert.Contains((new DateTime(2026, 12, 22, 18, 0, 0, DateTimeKind.Utc), "scheduled"), fromFeed);
        Assert.Contains((new DateTime(2027, 1, 12, 18, 0, 0, DateTimeKind.Utc), "cancelled"), fromFeed);
        Assert.Contains((new DateTime(2027, 3, 10, 17, 0, 0, DateTimeKind.Utc), "scheduled"), fromFeed);
        Assert.Contains((new DateTime(2027, 4, 13, 17, 0, 0, DateTimeKind.Utc), "scheduled"), fromFeed);
        Assert.Contains((new DateTime(2027, 7, 13, 17, 0, 0, DateTimeKind.Utc), "cancelled"), fromFeed);
        Assert.DoesNotContain(fromFeed, m => m.Item1.Month == 6 && m.Item1.Year == 2027 && m.Item1.Day == 8);
        Assert.Equal(4, fromFeed.Count(m => m.Item1.Hour is 8 or 9 && m.Item1.Minute == 0));
    }

    [Fact]
    public async Task Feeds_answer_304_while_unchanged_and_raise_SEQUENCE_on_change()
    {
        var office = EventsApp.NewOffice();
        var listing = await App.PublishListingAsync(office);
        using var editor = App.Editor(office);
        var created = await editor.PostAsJsonAsync("/api/events/series", new
        {
            listingId = listing, start = "2026-12-03T19:00", durationMinutes = 90, rrule = "FREQ=WEEKLY;BYDAY=TH",
        });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        using var anonymous = App.Anonymous();
        var first = await anonymous.GetAsync($"/calendars/groups/{listing}.ics");
        var etag = first.Headers.ETag!;
        Assert.Contains("SEQUENCE:0", await first.Content.ReadAsStringAsync());

        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/calendars/groups/{listing}.ics");
        conditional.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await anonymous.SendAsync(conditional)).StatusCode);

        using var update = new HttpRequestMessage(HttpMethod.Put, $"/api/events/series/{id}")
        {
            Content = JsonContent.Create(new { start = "2026-12-03T18:30", durationMinutes = 90, rrule = "FREQ=WEEKLY;BYDAY=TH" }),
        };
        update.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        Assert.Equal(HttpStatusCode.OK, (await editor.SendAsync(update)).StatusCode);

        using var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/events/series/{id}")
        {
            Content = JsonContent.Create(new { start = "2026-12-03T18:00", durationMinutes = 90, rrule = "FREQ=WEEKLY;BYDAY=TH" }),
        };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await editor.SendAsync(stale)).StatusCode);

        using var again = new HttpRequestMessage(HttpMethod.Get, $"/calendars/groups/{listing}.ics");
        again.Headers.IfNoneMatch.Add(etag);
        var changed = await anonymous.SendAsync(again);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var ics = await changed.Content.ReadAsStringAsync();
        Assert.Contains("SEQUENCE:1", ics);
        Assert.Contains("DTSTART;TZID=Europe/Berlin:20261203T183000", ics);
    }

    [Fact]
    public async Task A_one_off_event_of_an_office_is_in_the_office_feed_and_the_occurrences()
    {
        var office = EventsApp.NewOffice();
        using var editor = App.Editor(office);
        var created = await editor.PostAsJsonAsync("/api/events/events", new
        {
            title = "Infoabend: Selbsthilfe – wie geht das?", start = "2027-01-14T18:00", durationMinutes = 120, capacity = 30,
            place = new { room = "Saal", address = "Hegelallee 1", postcode = "14467", city = "Potsdam" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var series = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("event", series.GetProperty("kind").GetString());
        Assert.StartsWith("einmalig am 14.01.2027", series.GetProperty("summary").GetString());

        var withRule = await editor.PostAsJsonAsync("/api/events/events", new { title = "x", start = "2027-01-14T18:00", durationMinutes = 60, rrule = "FREQ=DAILY" });
        Assert.Equal(HttpStatusCode.BadRequest, withRule.StatusCode);

        using var anonymous = App.Anonymous();
        var items = (await anonymous.GetFromJsonAsync<JsonElement>($"/api/events/occurrences?officeId={office}&to=2027-02-01T00:00:00Z"))
            .GetProperty("items").EnumerateArray().ToList();
        var item = Assert.Single(items);
        Assert.Equal(30, item.GetProperty("capacity").GetInt32());
        Assert.Equal("Infoabend: Selbsthilfe – wie geht das?", item.GetProperty("title").GetString());

        var ics = await anonymous.GetStringAsync($"/calendars/offices/{office}.ics");
        var meetings = await IndependentIcs.ReadAsync(ics, new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 2, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(new DateTimeOffset(2027, 1, 14, 17, 0, 0, TimeSpan.Zero), Assert.Single(meetings).Start);

        var cancel = await editor.PutAsJsonAsync($"/api/events/series/{series.GetProperty("id").GetGuid()}/occurrences/2027-01-14T18:00:00", new { cancelled = true });
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        ics = await anonymous.GetStringAsync($"/calendars/offices/{office}.ics");
        meetings = await IndependentIcs.ReadAsync(ics, new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 2, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal("CANCELLED", Assert.Single(meetings).Status);
    }
}
