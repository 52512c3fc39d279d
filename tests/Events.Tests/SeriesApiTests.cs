using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Selbsthilfe.Events.Api.Scheduling;
using Selbsthilfe.Events.Contracts;
using Selbsthilfe.TestSupport;

namespace Selbsthilfe.Events.Tests;

/// <summary>Series, meeting changes, the materialised horizon and its events, through the API on real servers.</summary>
[Collection(EventsCollection.Name)]
public sealed class SeriesApiTests(EventsFixture fixture)
{
    private EventsApp App => fixture.App;

    private Task<(string Office, Guid Listing, JsonElement Series)> CreateAsync(object body, string? office = null, Guid? listing = null,
        bool addressPublic = true) => CreateAsync(App, body, office, listing, addressPublic);

    private static async Task<(string Office, Guid Listing, JsonElement Series)> CreateAsync(EventsApp app, object body, string? office = null,
        Guid? listing = null, bool addressPublic = true)
    {
        var App = app;
        office ??= EventsApp.NewOffice();
        listing ??= await App.PublishListingAsync(office, addressPublic: addressPublic);
        using var editor = App.Editor(office);
        var json = JsonSerializer.SerializeToElement(body);
        var request = new Dictionary<string, object?> { ["listingId"] = listing };
        foreach (var p in json.EnumerateObject()) request[p.Name] = p.Value;
        var response = await editor.PostAsJsonAsync("/api/events/series", request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (office, listing.Value, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static async Task<List<JsonElement>> OccurrencesAsync(HttpClient client, string query)
    {
        var page = await client.GetFromJsonAsync<JsonElement>("/api/events/occurrences?" + query);
        return page.GetProperty("items").EnumerateArray().ToList();
    }

    [Fact]
    public async Task Monthly_second_tuesday_stays_at_19_local_across_DST_and_reads_as_German()
    {
        var (_, listing, series) = await CreateAsync(new
        {
            start = "2026-12-08T19:00", durationMinutes = 120, rrule = "FREQ=MONTHLY;BYDAY=2TU",
            place = new { room = "Raum 3", address = "Hegelallee 1", postcode = "14467", city = "Potsdam" },
        });
        Assert.Equal("jeden 2. Dienstag im Monat, 19:00–21:00 Uhr", series.GetProperty("summary").GetString());

        using var anonymous = App.Anonymous();
        var items = await OccurrencesAsync(anonymous, $"listingId={listing}&from=2026-12-01T00:00:00Z&to=2027-12-31T00:00:00Z");
        var starts = items.Select(i => i.GetProperty("start").GetDateTimeOffset()).ToList();
        Assert.Equal(new[] { "2026-12-08", "2027-01-12", "2027-02-09", "2027-03-09", "2027-04-13", "2027-05-11", "2027-06-08",
            "2027-07-13", "2027-08-10", "2027-09-14", "2027-10-12", "2027-11-09", "2027-12-14" }, starts.Select(s => s.ToString("yyyy-MM-dd")));
        Assert.All(starts, s => Assert.Equal(19, s.Hour));
        Assert.Equal(new DateTimeOffset(2026, 12, 8, 18, 0, 0, TimeSpan.Zero), starts[0]);   // CET
        Assert.Equal(new DateTimeOffset(2027, 4, 13, 17, 0, 0, TimeSpan.Zero), starts[4]);   // CEST after 28 March
        Assert.Equal(new DateTimeOffset(2027, 10, 12, 17, 0, 0, TimeSpan.Zero), starts[10]); // CEST before 31 October
        Assert.Equal(new DateTimeOffset(2027, 11, 9, 18, 0, 0, TimeSpan.Zero), starts[11]);  // CET again
        Assert.Equal(TimeSpan.FromHours(2), items[4].GetProperty("end").GetDateTimeOffset() - starts[4]);

        // Within the 60-day horizon (to 23 January 2027) exactly two meetings are announced.
        var scheduled = await App.RaisedAsync<OccurrenceScheduled>(series.GetProperty("id").GetGuid());
        Assert.Equal(new[] { "2026-12-08T18:00:00+00:00", "2027-01-12T18:00:00+00:00" },
            scheduled.Select(e => e.GetProperty("startsAt").GetDateTimeOffset().ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:sszzz")));
    }

    [Theory]
    [InlineData("FREQ=MONTHLY;BYDAY=9TU", "BYDAY")]
    [InlineData("FREQ=FORTNIGHTLY", "FREQ")]
    [InlineData("FREQ=WEEKLY;COUNT=3;UNTIL=20270101T000000Z", "UNTIL")]
    [InlineData("FREQ=WEEKLY;BYMONTHDAY=40", "BYMONTHDAY")]
    [InlineData("FREQ=HOURLY", "FREQ")]
    public async Task An_invalid_rule_is_a_ProblemDetails_naming_the_wrong_part_and_nothing_is_stored(string rule, string part)
    {
        var office = EventsApp.NewOffice();
        var listing = await App.PublishListingAsync(office);
        using var editor = App.Editor(office);
        var response = await editor.PostAsJsonAsync("/api/events/series",
            new { listingId = listing, start = "2026-12-08T19:00", durationMinutes = 90, rrule = rule });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(part, problem.GetProperty("rulePart").GetString());
        Assert.Contains(part, problem.GetProperty("errors").GetProperty("rrule")[0].GetString());
        Assert.Equal(0L, await App.ScalarAsync<long>("SELECT count(*) FROM series WHERE listing_id = $1", listing));
    }

    [Fact]
    public async Task Bad_times_and_foreign_offices_are_refused_with_ProblemDetails()
    {
        var office = EventsApp.NewOffice();
        var listing = await App.PublishListingAsync(office);
        using var editor = App.Editor(office);
        var offset = await editor.PostAsJsonAsync("/api/events/series",
            new { listingId = listing, start = "2026-12-08T19:00+01:00", durationMinutes = 90, rrule = "FREQ=WEEKLY" });
        Assert.Equal(HttpStatusCode.BadRequest, offset.StatusCode);
        Assert.True((await offset.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("start", out _));

        using var other = App.Editor(EventsApp.NewOffice());
        var foreign = await other.PostAsJsonAsync("/api/events/series",
            new { listingId = listing, start = "2026-12-08T19:00", durationMinutes = 90, rrule = "FREQ=WEEKLY" });
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);

        using var anonymous = App.Anonymous();
        var unsigned = await anonymous.PostAsJsonAsync("/api/events/series",
            new { listingId = listing, start = "2026-12-08T19:00", durationMinutes = 90, rrule = "FREQ=WEEKLY" });
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);

        var unknown = await editor.PostAsJsonAsync("/api/events/series",
            new { listingId = Guid.NewGuid(), start = "2026-12-08T19:00", durationMinutes = 90, rrule = "FREQ=WEEKLY" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Cancelling_and_moving_one_meeting_publish_once_and_keep_its_id()
    {
        var (office, listing, series) = await CreateAsync(new { start = "2026-12-02T18:30", durationMinutes = 90, rrule = "FREQ=WEEKLY;BYDAY=WE" });
        var id = series.GetProperty("id").GetGuid();
        using var editor = App.Editor(office);
        var scheduled = await App.RaisedAsync<OccurrenceScheduled>(id);
        Assert.Equal(8, scheduled.Count); // 2 Dec 2026 … 20 Jan 2027

        var cancel = await editor.PutAsJsonAsync($"/api/events/series/{id}/occurrences/2026-12-23T18:30:00",
            new { cancelled = true, note = "Weihnachtspause" });
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var again = await editor.PutAsJsonAsync($"/api/events/series/{id}/occurrences/2026-12-23T18:30:00",
            new { cancelled = true, note = "Weihnachtspause" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var cancelled = Assert.Single(await App.RaisedAsync<OccurrenceCancelled>(id));
        Assert.Equal(scheduled[3].GetProperty("occurrenceId").GetGuid(), cancelled.GetProperty("occurrenceId").GetGuid());

        var move = await editor.PutAsJsonAsync($"/api/events/series/{id}/occurrences/2027-01-06T18:30:00",
            new { start = "2027-01-07T19:00", place = new { room = "Saal", postcode = "14467", city = "Potsdam" } });
        Assert.Equal(HttpStatusCode.OK, move.StatusCode);
        var moved = Assert.Single(await App.RaisedAsync<OccurrenceRescheduled>(id));
        Assert.Equal(scheduled[5].GetProperty("occurrenceId").GetGuid(), moved.GetProperty("occurrenceId").GetGuid());
        Assert.Equal(new DateTimeOffset(2027, 1, 7, 18, 0, 0, TimeSpan.Zero), moved.GetProperty("startsAt").GetDateTimeOffset());

        await App.Services.GetRequiredService<HorizonSweep>().RunAsync(default);
        Assert.Equal(8, (await App.RaisedAsync<OccurrenceScheduled>(id)).Count);
        Assert.Single(await App.RaisedAsync<OccurrenceCancelled>(id));

        using var anonymous = App.Anonymous();
        var items = await OccurrencesAsync(anonymous, $"listingId={listing}&from=2026-12-20T00:00:00Z&to=2027-01-10T00:00:00Z");
        Assert.Equal(new[] { "cancelled", "scheduled", "scheduled" }, items.Select(i => i.GetProperty("status").GetString()));
        Assert.Equal("Weihnachtspause", items[0].GetProperty("note").GetString());
        Assert.Equal(new DateTimeOffset(2027, 1, 7, 19, 0, 0, TimeSpan.FromHours(1)), items[2].GetProperty("start").GetDateTimeOffset());
        Assert.True(items[2].GetProperty("moved").GetBoolean());

        // Taking the cancellation back announces the meeting again.
        var restore = await editor.DeleteAsync($"/api/events/series/{id}/occurrences/2026-12-23T18:30:00");
        Assert.Equal(HttpStatusCode.OK, restore.StatusCode);
        Assert.Equal(9, (await App.RaisedAsync<OccurrenceScheduled>(id)).Count);

        var notAMeeting = await editor.PutAsJsonAsync($"/api/events/series/{id}/occurrences/2026-12-24T18:30:00", new { cancelled = true });
        Assert.Equal(HttpStatusCode.NotFound, notAMeeting.StatusCode);
    }

    [Fact]
    public async Task Changing_the_series_time_keeps_cancelled_meetings_cancelled_and_every_meeting_its_id()
    {
        var (office, listing, series) = await CreateAsync(new { start = "2026-12-02T18:30", durationMinutes = 90, rrule = "FREQ=WEEKLY;BYDAY=WE" });
        var id = series.GetProperty("id").GetGuid();
        using var editor = App.Editor(office);
        await editor.PutAsJsonAsync($"/api/events/series/{id}/occurrences/2026-12-23T18:30:00", new { cancelled = true });
        var update = await editor.PutAsJsonAsync($"/api/events/series/{id}", new { start = "2026-12-02T18:00", durationMinutes = 90, rrule = "FREQ=WEEKLY;BYDAY=WE" });
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);

        Assert.Equal(8, (await App.RaisedAsync<OccurrenceScheduled>(id)).Count); // none announced again
        Assert.Single(await App.RaisedAsync<OccurrenceCancelled>(id));
        var moved = await App.RaisedAsync<OccurrenceRescheduled>(id);
        Assert.Equal(7, moved.Count);

        using var anonymous = App.Anonymous();
        var items = await OccurrencesAsync(anonymous, $"listingId={listing}&from=2026-12-01T00:00:00Z&to=2027-01-23T00:00:00Z");
        Assert.Equal("cancelled", items.Single(i => i.GetProperty("start").GetDateTimeOffset().Day == 23).GetProperty("status").GetString());
        Assert.All(items, i => Assert.Equal(18, i.GetProperty("start").GetDateTimeOffset().Hour));
        // The ids in events are the ids the API and the calendar show.
        Assert.Subset(items.Select(i => i.GetProperty("occurrenceId").GetGuid()).ToHashSet(), moved.Select(m => m.GetProperty("occurrenceId").GetGuid()).ToHashSet());
        var ics = await anonymous.GetStringAsync($"/calendars/groups/{listing}.ics");
        Assert.Contains("RECURRENCE-ID;TZID=Europe/Berlin:20261223T180000", ics);
        Assert.DoesNotContain("20261223T183000", ics);
    }

    [Fact]
    public async Task A_split_keeps_later_cancellations_and_is_refused_at_the_first_meeting()
    {
        var (office, _, series) = await CreateAsync(new { start = "2026-11-26T19:00", durationMinutes = 120, rrule = "FREQ=WEEKLY;BYDAY=TH" });
        var id = series.GetProperty("id").GetGuid();
        using var editor = App.Editor(office);
        await editor.PutAsJsonAsync($"/api/events/series/{id}/occurrences/2026-12-24T19:00:00", new { cancelled = true, note = "Heiligabend" });

        var atFirst = await editor.PostAsJsonAsync($"/api/events/series/{id}/split", new
        {
            from = "2026-11-26T19:00:00", series = new { start = "2026-11-26T18:00", durationMinutes = 120, rrule = "FREQ=WEEKLY;BYDAY=TH" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, atFirst.StatusCode);

        var split = await editor.PostAsJsonAsync($"/api/events/series/{id}/split", new
        {
            from = "2026-12-17T19:00:00", series = new { start = "2026-12-17T18:00", durationMinutes = 120, rrule = "FREQ=WEEKLY;BYDAY=TH" },
        });
        Assert.Equal(HttpStatusCode.Created, split.StatusCode);
        var created = (await split.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Empty(await App.RaisedAsync<OccurrenceScheduled>(created));
        Assert.Single(await App.RaisedAsync<OccurrenceCancelled>(id)); // 24 December, once
        Assert.Empty(await App.RaisedAsync<OccurrenceCancelled>(created));
        var view = await editor.GetFromJsonAsync<JsonElement>($"/api/events/series/{created}");
        var change = Assert.Single(view.GetProperty("occurrences").EnumerateArray());
        Assert.Equal("2026-12-24T18:00:00", change.GetProperty("recurrenceId").GetString());
        Assert.True(change.GetProperty("cancelled").GetBoolean());
    }

    [Fact]
    public async Task A_meeting_that_has_passed_can_still_be_postponed()
    {
        await using var app = new EventsApp(fixture.Servers);
        await app.InitializeAsync();
        var (office, _, series) = await CreateAsync(app, new { start = "2026-11-25T10:00", durationMinutes = 60, rrule = "FREQ=WEEKLY" });
        var id = series.GetProperty("id").GetGuid();
        var first = (await app.RaisedAsync<OccurrenceScheduled>(id))[0].GetProperty("occurrenceId").GetGuid();
        app.Clock.Advance(TimeSpan.FromHours(26)); // 25 November 10:00 has passed: the group did not meet, it meets on the 27th
        using var editor = app.Editor(office);
        var move = await editor.PutAsJsonAsync($"/api/events/series/{id}/occurrences/2026-11-25T10:00:00", new { start = "2026-11-27T10:00" });
        Assert.Equal(HttpStatusCode.OK, move.StatusCode);
        var moved = Assert.Single(await app.RaisedAsync<OccurrenceRescheduled>(id));
        Assert.Equal(first, moved.GetProperty("occurrenceId").GetGuid());
    }

    [Fact]
    public async Task A_summer_break_cancels_the_meetings_inside_it()
    {
        var (office, listing, series) = await CreateAsync(new { start = "2026-12-02T18:30", durationMinutes = 90, rrule = "FREQ=WEEKLY;BYDAY=WE" });
        var id = series.GetProperty("id").GetGuid();
        using var editor = App.Editor(office);
        var pause = await editor.PostAsJsonAsync($"/api/events/series/{id}/pauses",
            new { from = "2026-12-20", to = "2027-01-06", reason = "Winterpause" });
        Assert.Equal(HttpStatusCode.OK, pause.StatusCode);

        var cancelled = await App.RaisedAsync<OccurrenceCancelled>(id);
        Assert.Equal(new[] { "2026-12-23", "2026-12-30", "2027-01-06" },
            cancelled.Select(c => c.GetProperty("startsAt").GetDateTimeOffset().ToString("yyyy-MM-dd")));
        Assert.All(cancelled, c => Assert.Equal("paused", c.GetProperty("reason").GetString()));

        var bad = await editor.PostAsJsonAsync($"/api/events/series/{id}/pauses", new { from = "2027-02-01", to = "2027-01-01" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        var pauseId = (await pause.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("pauses")[0].GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await editor.DeleteAsync($"/api/events/series/{id}/pauses/{pauseId}")).StatusCode);
        Assert.Equal(8 + 3, (await App.RaisedAsync<OccurrenceScheduled>(id)).Count);
    }

    [Fact]
    public async Task This_and_following_moves_the_later_meetings_without_cancelling_them()
    {
        var (office, listing, series) = await CreateAsync(new { start = "2026-11-26T19:00", durationMinutes = 120, rrule = "FREQ=WEEKLY;BYDAY=TH" });
        var id = series.GetProperty("id").GetGuid();
        var before = await App.RaisedAsync<OccurrenceScheduled>(id);
        using var editor = App.Editor(office);
        var split = await editor.PostAsJsonAsync($"/api/events/series/{id}/split", new
        {
            from = "2026-12-17T19:00:00",
            series = new { start = "2026-12-17T18:00", durationMinutes = 120, rrule = "FREQ=WEEKLY;BYDAY=TH", place = new { room = "Neuer Raum" } },
        });
        Assert.Equal(HttpStatusCode.Created, split.StatusCode);
        var created = await split.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(series.GetProperty("rootId").GetGuid(), created.GetProperty("rootId").GetGuid());

        Assert.Empty(await App.RaisedAsync<OccurrenceCancelled>(id));
        var moved = await App.RaisedAsync<OccurrenceRescheduled>(created.GetProperty("id").GetGuid());
        var movedIds = moved.Select(m => m.GetProperty("occurrenceId").GetGuid()).ToHashSet();
        Assert.Equal(before.Skip(3).Select(b => b.GetProperty("occurrenceId").GetGuid()).ToHashSet(), movedIds);
        Assert.All(moved, m => Assert.Equal(17, m.GetProperty("startsAt").GetDateTimeOffset().UtcDateTime.Hour));

        var old = await editor.GetFromJsonAsync<JsonElement>($"/api/events/series/{id}");
        Assert.Contains("UNTIL=20261217T175959Z", old.GetProperty("rrule").GetString());

        using var anonymous = App.Anonymous();
        var items = await OccurrencesAsync(anonymous, $"listingId={listing}&from=2026-11-25T00:00:00Z&to=2027-01-01T00:00:00Z");
        Assert.Equal(new[] { 19, 19, 19, 18, 18, 18 }, items.Select(i => i.GetProperty("start").GetDateTimeOffset().Hour));
    }

    [Fact]
    public async Task Extending_the_horizon_announces_only_what_is_new()
    {
        // Its own service: this test moves the clock, which the shared one must not see.
        await using var app = new EventsApp(fixture.Servers);
        await app.InitializeAsync();
        var (_, _, series) = await CreateAsync(app, new { start = "2026-11-30T10:00", durationMinutes = 60, rrule = "FREQ=WEEKLY;BYDAY=MO" });
        var id = series.GetProperty("id").GetGuid();
        var sweep = app.Services.GetRequiredService<HorizonSweep>();
        var first = (await app.RaisedAsync<OccurrenceScheduled>(id)).Count;
        Assert.Equal(8, first); // 30 Nov … 18 Jan; horizon ends 23 Jan

        app.Clock.Advance(TimeSpan.FromDays(7));
        await sweep.RunAsync(default);
        // The service's own sweep wakes on the moved clock too; claims are SKIP LOCKED, so wait for whichever ran.
        await Eventually.TrueAsync(async () => (await app.RaisedAsync<OccurrenceScheduled>(id)).Count > first);
        await sweep.RunAsync(default);
        var after = await app.RaisedAsync<OccurrenceScheduled>(id);
        Assert.Equal(first + 1, after.Count);
        Assert.Equal(new DateTimeOffset(2027, 1, 25, 9, 0, 0, TimeSpan.Zero), after[^1].GetProperty("startsAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_series_that_runs_out_ends_once()
    {
        await using var app = new EventsApp(fixture.Servers);
        await app.InitializeAsync();
        var (_, _, series) = await CreateAsync(app, new { start = "2026-11-25T10:00", durationMinutes = 60, rrule = "FREQ=DAILY;COUNT=3" });
        var id = series.GetProperty("id").GetGuid();
        app.Clock.Advance(TimeSpan.FromDays(5));
        var sweep = app.Services.GetRequiredService<HorizonSweep>();
        await sweep.RunAsync(default);
        await Eventually.TrueAsync(async () => (await app.RaisedAsync<SeriesEnded>(id)).Count > 0);
        await sweep.RunAsync(default);
        var ended = Assert.Single(await app.RaisedAsync<SeriesEnded>(id));
        Assert.Equal("completed", ended.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Withdrawing_the_group_ends_its_series_and_cancels_its_future_meetings()
    {
        var (office, listing, series) = await CreateAsync(new { start = "2026-12-01T17:00", durationMinutes = 60, rrule = "FREQ=WEEKLY;BYDAY=TU" });
        var id = series.GetProperty("id").GetGuid();
        var scheduled = await App.RaisedAsync<OccurrenceScheduled>(id);
        await App.WithdrawListingAsync(listing, office);
        await Eventually.TrueAsync(async () => (await App.RaisedAsync<SeriesEnded>(id)).Count == 1, because: "the withdrawal should end the series");
        var cancelled = await App.RaisedAsync<OccurrenceCancelled>(id);
        Assert.Equal(scheduled.Select(s => s.GetProperty("occurrenceId").GetGuid()), cancelled.Select(c => c.GetProperty("occurrenceId").GetGuid()));
        Assert.All(cancelled, c => Assert.Equal("listing-withdrawn", c.GetProperty("reason").GetString()));
        Assert.Equal("listing-withdrawn", (await App.RaisedAsync<SeriesEnded>(id))[0].GetProperty("reason").GetString());

        using var anonymous = App.Anonymous();
        Assert.Empty(await OccurrencesAsync(anonymous, $"listingId={listing}"));
        Assert.DoesNotContain("BEGIN:VEVENT", await anonymous.GetStringAsync($"/calendars/groups/{listing}.ics"));
        using var editor = App.Editor(office);
        var change = await editor.PostAsJsonAsync($"/api/events/series/{id}/pauses", new { from = "2027-01-01", to = "2027-01-31" });
        Assert.Equal(HttpStatusCode.Conflict, change.StatusCode);
    }

    [Fact]
    public async Task A_private_meeting_place_and_the_online_link_stay_with_the_office()
    {
        var (office, listing, _) = await CreateAsync(new
        {
            start = "2026-12-03T19:00", durationMinutes = 90, rrule = "FREQ=WEEKLY;BYDAY=TH",
            place = new { room = "Wohnzimmer", address = "Privatweg 7", postcode = "14469", city = "Potsdam" },
            onlineLink = "https://meet.example.org/gruppe-geheim",
        }, addressPublic: false);

        using var anonymous = App.Anonymous();
        var publicView = (await OccurrencesAsync(anonymous, $"listingId={listing}"))[0];
        var text = publicView.GetRawText();
        Assert.DoesNotContain("Privatweg", text);
        Assert.DoesNotContain("Wohnzimmer", text);
        Assert.DoesNotContain("meet.example.org", text);
        Assert.Equal("14469", publicView.GetProperty("place").GetProperty("postcode").GetString());
        Assert.True(publicView.GetProperty("place").GetProperty("online").GetBoolean());
        Assert.All(await App.RaisedAsync<OccurrenceScheduled>(), e => Assert.DoesNotContain("Privatweg", e.GetRawText()));
        var ics = await anonymous.GetStringAsync($"/calendars/groups/{listing}.ics");
        Assert.DoesNotContain("Privatweg", ics);
        Assert.DoesNotContain("meet.example.org", ics);

        using var editor = App.Editor(office);
        var staffView = (await OccurrencesAsync(editor, $"listingId={listing}"))[0];
        Assert.Equal("Privatweg 7", staffView.GetProperty("place").GetProperty("address").GetString());
        Assert.Equal("https://meet.example.org/gruppe-geheim", staffView.GetProperty("onlineLink").GetString());
    }

    [Fact]
    public async Task Meetings_are_found_by_topic_and_place_from_the_directory_facts()
    {
        var office = EventsApp.NewOffice();
        var topic = "topic-" + Guid.NewGuid().ToString("N")[..6];
        var here = await App.PublishListingAsync(office, topics: [topic], postcode: "01067", city: "Dresden");
        var elsewhere = await App.PublishListingAsync(office, topics: [topic], postcode: "34117", city: "Kassel");
        await CreateAsync(new { start = "2026-12-03T19:00", durationMinutes = 90, rrule = "FREQ=WEEKLY;BYDAY=TH" }, office, here);
        await CreateAsync(new { start = "2026-12-03T19:00", durationMinutes = 90, rrule = "FREQ=WEEKLY;BYDAY=TH" }, office, elsewhere);

        using var anonymous = App.Anonymous();
        var byTopic = await OccurrencesAsync(anonymous, $"topic={topic}&to=2026-12-05T00:00:00Z");
        Assert.Equal(2, byTopic.Count);
        var byPlace = await OccurrencesAsync(anonymous, $"topic={topic}&postcode=010&to=2026-12-05T00:00:00Z");
        Assert.Equal(here, Assert.Single(byPlace).GetProperty("listingId").GetGuid());
        var byCity = await OccurrencesAsync(anonymous, $"topic={topic}&city=kassel&to=2026-12-05T00:00:00Z");
        Assert.Equal(elsewhere, Assert.Single(byCity).GetProperty("listingId").GetGuid());

        var badWindow = await anonymous.GetAsync("/api/events/occurrences?from=2027-01-01T00:00:00Z&to=2026-01-01T00:00:00Z");
        Assert.Equal(HttpStatusCode.BadRequest, badWindow.StatusCode);
    }

    [Fact]
    public async Task A_group_that_is_not_public_has_no_public_meetings()
    {
        var office = EventsApp.NewOffice();
        var listing = await App.PublishListingAsync(office, visibility: "office-only");
        await CreateAsync(new { start = "2026-12-03T19:00", durationMinutes = 90, rrule = "FREQ=WEEKLY;BYDAY=TH" }, office, listing);
        using var anonymous = App.Anonymous();
        Assert.Empty(await OccurrencesAsync(anonymous, $"listingId={listing}"));
        // A known group answers an empty calendar, so subscribed clients drop what they showed.
        var feed = await anonymous.GetAsync($"/calendars/groups/{listing}.ics");
        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        Assert.DoesNotContain("BEGIN:VEVENT", await feed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/calendars/groups/{Guid.NewGuid()}.ics")).StatusCode);
        using var editor = App.Editor(office);
        Assert.NotEmpty(await OccurrencesAsync(editor, $"listingId={listing}"));
    }
}
