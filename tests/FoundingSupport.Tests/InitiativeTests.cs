using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Selbsthilfe.FoundingSupport.Contracts;

namespace Selbsthilfe.FoundingSupport.Tests;

/// <summary>The initiative state machine through the API: every step and its events in the outbox, refusals, threshold, consent.</summary>
[Collection(FoundingCollection.Name)]
public sealed class InitiativeTests(FoundingFixture fixture)
{
    private FoundingApp App => fixture.App;

    [Fact]
    public async Task Each_step_commits_its_state_change_and_its_own_event_through_the_outbox()
    {
        var founding = await Founding.StartAsync(App);
        var (id, initiator) = await founding.InitiativeAsync();
        var members = await founding.JoinAsync(id, 2);

        var counselling = await founding.StepAsync(id, "counselling");
        Assert.StartsWith("staff-", counselling.GetProperty("counsellor").GetString());
        await founding.StepAsync(id, "gathering-peers");
        var unplanned = await founding.StepAsync(id, "first-meeting", new { startsAt = App.Clock.GetUtcNow().AddHours(-1) }, HttpStatusCode.BadRequest);
        Assert.Equal(new[] { "address", "endsAt", "startsAt" }, unplanned.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
        var planned = await founding.StepAsync(id, "first-meeting", Founding.FirstMeeting(App.Clock.GetUtcNow()));
        Assert.Equal("first-meeting-planned", planned.GetProperty("state").GetString());
        var founded = await founding.StepAsync(id, "founded", new { groupName = "Selbsthilfegruppe Neubeginn", description = "Für Betroffene." });

        var changes = await App.RaisedAsync<InitiativeStateChanged>(id);
        Assert.Equal(new[] { "none>proposed", "proposed>counselling", "counselling>gathering-peers", "gathering-peers>first-meeting-planned",
            "first-meeting-planned>founded" }, changes.Select(c => c.GetProperty("fromState").GetString() + ">" + c.GetProperty("toState").GetString()));
        Assert.All(changes, c => Assert.Equal(founding.Office, c.GetProperty("officeId").GetString()));
        Assert.All(changes, c => Assert.Equal(founding.Topic, c.GetProperty("topic").GetString()));

        var meeting = Assert.Single(await App.RaisedAsync<FirstMeetingPlanned>(id));
        var invitees = meeting.GetProperty("inviteeContactRefs").EnumerateArray().Select(r => r.GetGuid()).ToList();
        Assert.Equal(initiator, invitees[0]);
        Assert.Equal(members.Order(), invitees.Skip(1).Order());
        Assert.Equal("Hauptstraße 5", meeting.GetProperty("address").GetString());
        var eventId = meeting.GetProperty("eventId").GetGuid();
        Assert.Equal(eventId, planned.GetProperty("firstMeetingEventId").GetGuid());

        var group = Assert.Single(await App.RaisedAsync<InitiativeFounded>(id));
        Assert.Equal(eventId, group.GetProperty("firstMeetingEventId").GetGuid());
        Assert.Equal(founded.GetProperty("listingId").GetGuid(), group.GetProperty("listingId").GetGuid());
        Assert.Equal("Selbsthilfegruppe Neubeginn", group.GetProperty("groupName").GetString());
        Assert.Equal("14467", group.GetProperty("postcode").GetString());
        Assert.Equal("Potsdam", group.GetProperty("city").GetString());

        // The state change is published before the step's own event: they share the initiative's ordered stream.
        var order = await App.ScalarAsync<string>("""
            SELECT string_agg(split_part(split_part(message_type, ',', 1), '.', 4), ' ' ORDER BY id) FROM outbox_messages WHERE aggregate_id = $1
            """, id.ToString());
        Assert.EndsWith("InitiativeStateChanged InitiativeFounded", order);
    }

    [Fact]
    public async Task A_step_that_does_not_fit_the_state_is_refused_with_409_naming_the_state_and_what_may_follow()
    {
        var founding = await Founding.StartAsync(App);
        var (id, _) = await founding.InitiativeAsync();
        var refused = await founding.StepAsync(id, "founded", new { groupName = "Zu früh" }, HttpStatusCode.Conflict);
        Assert.Equal("proposed", refused.GetProperty("currentState").GetString());
        Assert.Equal(new[] { "counselling", "abandoned" }, refused.GetProperty("allowedNextStates").EnumerateArray().Select(s => s.GetString()));
        Assert.Contains("proposed", refused.GetProperty("detail").GetString());
        await founding.StepAsync(id, "first-meeting", Founding.FirstMeeting(App.Clock.GetUtcNow()), HttpStatusCode.Conflict);

        var badReason = await founding.StepAsync(id, "abandon", new { reason = "keine Lust" }, HttpStatusCode.BadRequest);
        Assert.True(badReason.GetProperty("errors").TryGetProperty("reason", out _));
        await founding.StepAsync(id, "abandon", new { reason = "too-few-peers" });
        var final = await founding.StepAsync(id, "counselling", null, HttpStatusCode.Conflict);
        Assert.Equal("abandoned", final.GetProperty("currentState").GetString());
        Assert.Empty(final.GetProperty("allowedNextStates").EnumerateArray());
        await founding.PostAsync(App.Anonymous(), $"/initiatives/{id}/interest", new { contactRef = Guid.NewGuid() }, HttpStatusCode.Conflict);

        var abandoned = Assert.Single(await App.RaisedAsync<InitiativeAbandoned>(id));
        Assert.Equal("too-few-peers", abandoned.GetProperty("reason").GetString());
        Assert.Equal(2, (await App.RaisedAsync<InitiativeStateChanged>(id)).Count);
    }

    [Fact]
    public async Task Steps_are_for_the_office_of_the_region_only_and_a_stale_version_is_refused_with_412()
    {
        var founding = await Founding.StartAsync(App);
        var (id, _) = await founding.InitiativeAsync();
        var other = await App.RegisterOfficeAsync();
        await founding.PostAsync(App.Editor(other.Office), $"/initiatives/{id}/counselling", null, HttpStatusCode.Forbidden);
        await founding.PostAsync(App.Anonymous(), $"/initiatives/{id}/counselling", null, HttpStatusCode.Unauthorized);

        using var staff = founding.Staff();
        var current = await staff.GetAsync($"/api/founding/initiatives/{id}");
        Assert.Equal("\"1\"", current.Headers.ETag?.Tag);
        using var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/founding/initiatives/{id}/counselling") { Content = JsonContent.Create(new { }) };
        stale.Headers.IfMatch.ParseAdd("\"7\"");
        var refused = await staff.SendAsync(stale);
        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        Assert.Equal("\"1\"", refused.Headers.ETag?.Tag);
        using var fresh = new HttpRequestMessage(HttpMethod.Post, $"/api/founding/initiatives/{id}/counselling") { Content = JsonContent.Create(new { }) };
        fresh.Headers.IfMatch.ParseAdd("\"1\"");
        var taken = await staff.SendAsync(fresh);
        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        Assert.Equal("\"2\"", taken.Headers.ETag?.Tag);
        Assert.Equal(2, (await App.RaisedAsync<InitiativeStateChanged>(id)).Count);
    }

    [Fact]
    public async Task Reaching_the_offices_threshold_of_interested_people_raises_PeersGathered_once()
    {
        var founding = await Founding.StartAsync(App);
        using var editor = founding.Staff();
        var byEditor = await editor.PutAsJsonAsync($"/api/founding/offices/{founding.Office}/settings", new { peerThreshold = 3 });
        Assert.Equal(HttpStatusCode.Forbidden, byEditor.StatusCode);
        using var admin = App.As(founding.Office, "office-admin");
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync($"/api/founding/offices/{founding.Office}/settings", new { peerThreshold = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/founding/offices/{founding.Office}/settings", new { peerThreshold = 3 })).StatusCode);
        Assert.Equal(3, (await editor.GetFromJsonAsync<JsonElement>($"/api/founding/offices/{founding.Office}/settings")).GetProperty("peerThreshold").GetInt32());

        var (id, initiator) = await founding.InitiativeAsync();
        var people = await founding.JoinAsync(id, 2);
        await founding.PostAsync(App.Anonymous(), $"/initiatives/{id}/interest", new { contactRef = people[0] }); // again: still two
        Assert.Empty(await App.RaisedAsync<PeersGathered>(id));
        await founding.PostAsync(App.Anonymous(), $"/initiatives/{id}/interest", new { contactRef = initiator }, HttpStatusCode.BadRequest);
        await founding.JoinAsync(id, 2);

        var gathered = Assert.Single(await App.RaisedAsync<PeersGathered>(id));
        Assert.Equal(3, gathered.GetProperty("interestedCount").GetInt32());
        Assert.Equal(initiator, gathered.GetProperty("initiatorContactRef").GetGuid());
        var view = await App.Anonymous().GetFromJsonAsync<JsonElement>($"/api/founding/initiatives/{id}");
        Assert.Equal(4, view.GetProperty("interestedCount").GetInt32());
        Assert.True(view.GetProperty("peersGathered").GetBoolean());
        Assert.False(view.TryGetProperty("counsellor", out _));
    }

    [Fact]
    public async Task Contacts_are_released_to_each_other_only_among_those_who_consented()
    {
        var founding = await Founding.StartAsync(App);
        var (id, initiator) = await founding.InitiativeAsync();
        var people = await founding.JoinAsync(id, 3);
        using var anonymous = App.Anonymous();

        var first = await founding.PostAsync(anonymous, $"/initiatives/{id}/consent", new { contactRef = initiator });
        Assert.False(first.GetProperty("contactsReleased").GetBoolean());
        Assert.Empty(await App.RaisedAsync<ContactsReleased>(id));
        await founding.PostAsync(anonymous, $"/initiatives/{id}/consent", new { contactRef = Guid.NewGuid() }, HttpStatusCode.NotFound);

        var second = await founding.PostAsync(anonymous, $"/initiatives/{id}/consent", new { contactRef = people[1] });
        Assert.True(second.GetProperty("contactsReleased").GetBoolean());
        await founding.PostAsync(anonymous, $"/initiatives/{id}/consent", new { contactRef = people[1] }); // again: nothing new
        await founding.PostAsync(anonymous, $"/initiatives/{id}/consent", new { contactRef = people[2] });

        var released = await App.RaisedAsync<ContactsReleased>(id);
        Assert.Equal(2, released.Count);
        Assert.Equal(new[] { initiator, people[1] }, released[0].GetProperty("contactRefs").EnumerateArray().Select(r => r.GetGuid()));
        Assert.Equal(new[] { initiator, people[1], people[2] }, released[1].GetProperty("contactRefs").EnumerateArray().Select(r => r.GetGuid()));
        Assert.DoesNotContain(people[0].ToString(), string.Join(' ', released.Select(r => r.GetRawText())));
    }

    [Fact]
    public async Task An_initiative_from_a_posting_takes_its_interested_people_along()
    {
        var founding = await Founding.StartAsync(App);
        var (posting, poster) = await founding.PostingAsync();
        using var anonymous = App.Anonymous();
        var interested = new[] { await founding.ContactAsync(), await founding.ContactAsync() };
        foreach (var person in interested) await founding.PostAsync(anonymous, $"/postings/{posting}/interest", new { contactRef = person });

        await founding.PostAsync(anonymous, "/initiatives", new { postingId = posting, initiatorContactRef = Guid.NewGuid() }, HttpStatusCode.BadRequest);
        var created = await founding.PostAsync(anonymous, "/initiatives", new { postingId = posting, initiatorContactRef = poster }, HttpStatusCode.Created);
        var initiative = created.GetProperty("initiative");
        Assert.Equal(2, initiative.GetProperty("interestedCount").GetInt32());
        Assert.Equal(founding.Topic, initiative.GetProperty("topic").GetString());
        var id = initiative.GetProperty("id").GetGuid();

        var late = await founding.PostAsync(anonymous, $"/postings/{posting}/interest", new { contactRef = Guid.NewGuid() }, HttpStatusCode.Conflict);
        Assert.Equal(id, late.GetProperty("initiativeId").GetGuid());
        await founding.PostAsync(anonymous, $"/initiatives/{id}/consent", new { contactRef = interested[0] });
        await founding.PostAsync(anonymous, "/initiatives", new { postingId = posting, initiatorContactRef = poster }, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task An_office_sees_its_regions_initiatives_and_postings_by_state_and_no_other_office_does()
    {
        var founding = await Founding.StartAsync(App);
        var (proposed, _) = await founding.InitiativeAsync();
        var (counselled, _) = await founding.InitiativeAsync();
        await founding.StepAsync(counselled, "counselling");
        await founding.PostingAsync(release: false);

        using var staff = founding.Staff();
        var list = await staff.GetFromJsonAsync<JsonElement>($"/api/founding/offices/{founding.Office}/initiatives?state=proposed");
        Assert.Equal(proposed, Assert.Single(list.EnumerateArray()).GetProperty("id").GetGuid());
        var all = await staff.GetFromJsonAsync<JsonElement>($"/api/founding/offices/{founding.Office}/initiatives");
        Assert.Equal(2, all.GetArrayLength());
        var postings = await staff.GetFromJsonAsync<JsonElement>($"/api/founding/offices/{founding.Office}/postings?state=pending");
        Assert.Equal(1, postings.GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, (await staff.GetAsync($"/api/founding/offices/{founding.Office}/initiatives?state=sleeping")).StatusCode);

        var other = await App.RegisterOfficeAsync();
        using var stranger = App.Editor(other.Office);
        foreach (var path in new[] { "initiatives", "postings", "moderation", "tasks", "settings" })
        {
            var forbidden = await stranger.GetAsync($"/api/founding/offices/{founding.Office}/{path}");
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
            Assert.Equal("application/problem+json", forbidden.Content.Headers.ContentType?.MediaType);
            Assert.Equal(HttpStatusCode.Unauthorized, (await App.Anonymous().GetAsync($"/api/founding/offices/{founding.Office}/{path}")).StatusCode);
        }
    }
}
