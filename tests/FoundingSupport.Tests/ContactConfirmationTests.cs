using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Selbsthilfe.FoundingSupport.Contracts;
using Selbsthilfe.Notifications.Contracts;
using Selbsthilfe.TestSupport;

namespace Selbsthilfe.FoundingSupport.Tests;

/// <summary>
/// Only contact references whose owners confirmed their address with Notifications count. What an unconfirmed one does
/// is kept as pending and counts, with the events it would have raised, once ContactConfirmed arrives.
/// </summary>
[Collection(FoundingCollection.Name)]
public sealed class ContactConfirmationTests(FoundingFixture fixture)
{
    private FoundingApp App => fixture.App;

    [Fact]
    public async Task Unconfirmed_interest_is_pending_and_reaches_the_threshold_only_once_the_addresses_are_confirmed()
    {
        var founding = await Founding.StartAsync(App);
        using (var admin = App.As(founding.Office, "office-admin"))
        {
            (await admin.PutAsJsonAsync($"/api/founding/offices/{founding.Office}/settings", new { peerThreshold = 2 })).EnsureSuccessStatusCode();
        }
        var (id, _) = await founding.InitiativeAsync();
        var padding = await founding.JoinAsync(id, 3, confirmed: false); // random Guids pad nothing
        var people = new[] { Guid.NewGuid(), Guid.NewGuid() };
        foreach (var person in people)
        {
            var answer = await founding.PostAsync(App.Anonymous(), $"/initiatives/{id}/interest", new { contactRef = person });
            Assert.True(answer.GetProperty("pending").GetBoolean());
            Assert.Equal(0, answer.GetProperty("interestedCount").GetInt32());
        }
        Assert.Empty(await App.RaisedAsync<PeersGathered>(id));

        await App.ConfirmContactsAsync(people[0]);
        Assert.Equal(1, await InterestedCountAsync(id));
        Assert.Empty(await App.RaisedAsync<PeersGathered>(id));
        await App.ConfirmContactsAsync(people[1]);
        Assert.Equal(2, Assert.Single(await App.RaisedAsync<PeersGathered>(id)).GetProperty("interestedCount").GetInt32());
        Assert.Equal(2, await InterestedCountAsync(id));

        await founding.StepAsync(id, "counselling");
        await founding.StepAsync(id, "gathering-peers");
        var planned = Assert.Single(await PlanAsync(founding, id));
        var invitees = planned.GetProperty("inviteeContactRefs").EnumerateArray().Select(r => r.GetGuid()).ToList();
        Assert.Equal(people.Order(), invitees.Skip(1).Order());
        Assert.DoesNotContain(padding, invitees.Contains);
    }

    [Fact]
    public async Task An_unconfirmed_consent_releases_no_contact_until_its_address_is_confirmed()
    {
        var founding = await Founding.StartAsync(App);
        var (id, initiator) = await founding.InitiativeAsync();
        var late = (await founding.JoinAsync(id, 1, confirmed: false))[0];
        using var anonymous = App.Anonymous();
        await founding.PostAsync(anonymous, $"/initiatives/{id}/consent", new { contactRef = initiator });
        var pending = await founding.PostAsync(anonymous, $"/initiatives/{id}/consent", new { contactRef = late });
        Assert.True(pending.GetProperty("pending").GetBoolean());
        Assert.False(pending.GetProperty("contactsReleased").GetBoolean());
        Assert.Empty(await App.RaisedAsync<ContactsReleased>(id));

        await App.ConfirmContactsAsync(late);
        var released = Assert.Single(await App.RaisedAsync<ContactsReleased>(id));
        Assert.Equal(new[] { initiator, late }, released.GetProperty("contactRefs").EnumerateArray().Select(r => r.GetGuid()));
    }

    [Fact]
    public async Task A_posting_is_released_only_once_its_poster_confirmed_and_early_interest_is_announced_once_on_confirmation()
    {
        var founding = await Founding.StartAsync(App);
        var poster = Guid.NewGuid();
        var created = await founding.PostAsync(App.Anonymous(), "/postings",
            new { topic = founding.Topic, postcode = founding.Postcode, text = "Wer kennt das auch?", contactRef = poster }, HttpStatusCode.Created);
        Assert.False(created.GetProperty("contactConfirmed").GetBoolean());
        var posting = created.GetProperty("id").GetGuid();
        var refused = await founding.PostAsync(founding.Staff(), $"/postings/{posting}/release", null, HttpStatusCode.Conflict);
        Assert.Contains("nicht bestätigt", refused.GetProperty("detail").GetString());
        var queued = Assert.Single((await founding.Staff().GetFromJsonAsync<JsonElement>($"/api/founding/offices/{founding.Office}/moderation")).EnumerateArray());
        Assert.False(queued.GetProperty("posterConfirmed").GetBoolean());

        await App.ConfirmContactsAsync(poster);
        await founding.PostAsync(founding.Staff(), $"/postings/{posting}/release", null);
        var someone = Guid.NewGuid();
        var pending = await founding.PostAsync(App.Anonymous(), $"/postings/{posting}/interest", new { contactRef = someone });
        Assert.True(pending.GetProperty("pending").GetBoolean());
        Assert.Empty(await App.RaisedAsync<PeerInterestExpressed>(posting));

        // The confirmation, delivered twice (a redelivery with the same message id), announces the interest once.
        var confirmation = new ContactConfirmed(someone, App.Clock.GetUtcNow());
        var messageId = NewId.NextGuid();
        var bus = App.Services.GetRequiredService<IBus>();
        await bus.Publish(confirmation, c => c.MessageId = messageId);
        await bus.Publish(confirmation, c => c.MessageId = messageId);
        var again = NewId.NextGuid();
        await bus.Publish(confirmation, c => c.MessageId = again); // and once more, as a new message
        await Eventually.TrueAsync(async () => await HandledAsync(messageId) && await HandledAsync(again), because: "both confirmations should be consumed");
        Assert.Equal(1, Assert.Single(await App.RaisedAsync<PeerInterestExpressed>(posting)).GetProperty("interestedCount").GetInt32());
    }

    [Fact]
    public async Task An_erased_contact_counts_no_more_and_a_late_confirmation_does_not_bring_it_back()
    {
        var founding = await Founding.StartAsync(App);
        var (id, _) = await founding.InitiativeAsync();
        var person = (await founding.JoinAsync(id, 1))[0];
        await founding.PostAsync(App.Anonymous(), $"/initiatives/{id}/consent", new { contactRef = person });
        Assert.Equal(1, await InterestedCountAsync(id));

        await App.Services.GetRequiredService<IBus>().Publish(new ContactErased(person, App.Clock.GetUtcNow()));
        await Eventually.TrueAsync(async () => await App.ScalarAsync<long>(
            "SELECT (SELECT count(*) FROM initiative_members WHERE contact_ref = $1) + (SELECT count(*) FROM contact_consents WHERE contact_ref = $1)", person) == 0,
            because: "the erasure should arrive");
        Assert.Equal(0, await InterestedCountAsync(id));

        var late = NewId.NextGuid();
        await App.Services.GetRequiredService<IBus>().Publish(new ContactConfirmed(person, App.Clock.GetUtcNow()), c => c.MessageId = late);
        await Eventually.TrueAsync(() => HandledAsync(late), because: "the late confirmation should be consumed");
        await founding.PostAsync(App.Anonymous(), $"/initiatives/{id}/interest", new { contactRef = person });
        Assert.Equal(0, await InterestedCountAsync(id));
    }

    private async Task<bool> HandledAsync(Guid messageId) =>
        await App.ScalarAsync<long>("SELECT count(*) FROM inbox_messages WHERE message_id = $1 AND consumer = 'ConfirmContactConsumer'", messageId) == 1;

    private async Task<int> InterestedCountAsync(Guid id) =>
        (await App.Anonymous().GetFromJsonAsync<JsonElement>($"/api/founding/initiatives/{id}")).GetProperty("interestedCount").GetInt32();

    private async Task<List<JsonElement>> PlanAsync(Founding founding, Guid id)
    {
        await founding.StepAsync(id, "first-meeting", Founding.FirstMeeting(App.Clock.GetUtcNow()));
        return await App.RaisedAsync<FirstMeetingPlanned>(id);
    }
}
