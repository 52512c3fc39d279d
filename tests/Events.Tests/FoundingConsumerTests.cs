using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Selbsthilfe.Events.Contracts;
using Selbsthilfe.FoundingSupport.Contracts;
using Selbsthilfe.TestSupport;

namespace Selbsthilfe.Events.Tests;

/// <summary>
/// A founding's first meeting: Events creates it from FirstMeetingPlanned and gives it to the founded group's listing
/// from InitiativeFounded, in whichever order they are consumed, once each, across a restart of this service.
/// </summary>
[Collection(EventsCollection.Name)]
public sealed class FoundingConsumerTests(EventsFixture fixture)
{
    private EventsApp App => fixture.App;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_first_meeting_goes_to_the_founded_groups_listing_whichever_message_is_consumed_first(bool foundedFirst)
    {
        var (planned, founded) = Founding(App.Clock.GetUtcNow());
        var bus = App.Services.GetRequiredService<IBus>();
        if (foundedFirst)
        {
            await bus.Publish(founded);
            await Eventually.TrueAsync(async () => await App.ScalarAsync<long>("SELECT count(*) FROM founded_listings WHERE event_id = $1", planned.EventId) == 1,
                because: "the founding should be consumed first");
            Assert.Equal(0L, await App.ScalarAsync<long>("SELECT count(*) FROM series WHERE id = $1", planned.EventId));
            await bus.Publish(planned);
        }
        else
        {
            await bus.Publish(planned);
            await Eventually.TrueAsync(async () => await App.ScalarAsync<long>("SELECT count(*) FROM series WHERE id = $1", planned.EventId) == 1,
                because: "the first meeting should be consumed first");
            await bus.Publish(founded);
        }
        await Eventually.TrueAsync(() => AttachedAsync(App, planned.EventId, founded.ListingId),
            because: "the first meeting should go to the founded group");
    }

    [Fact]
    public async Task Events_stopped_in_the_middle_of_a_founding_creates_and_attaches_the_first_meeting_exactly_once_when_it_is_back()
    {
        var partner = new EventsApp(fixture.Servers);
        await partner.InitializeAsync();
        try
        {
            // The run's other events service stands in for Founding's outbox relay: any bus on the broker publishes alike.
            var bus = App.Services.GetRequiredService<IBus>();
            var (planned, founded) = Founding(partner.Clock.GetUtcNow());
            var plannedId = NewId.NextGuid();
            await bus.Publish(planned, c => c.MessageId = plannedId);
            await Eventually.TrueAsync(async () => await partner.ScalarAsync<long>("SELECT count(*) FROM series WHERE id = $1", planned.EventId) == 1,
                because: "the first meeting should be created before the stop");

            await partner.DisposeAsync();
            // While it is down: the group is founded, and the broker redelivers the first meeting (a lost ack).
            await bus.Publish(planned, c => c.MessageId = plannedId);
            await bus.Publish(founded);
            partner = await partner.RestartAsync();

            await Eventually.TrueAsync(() => AttachedAsync(partner, planned.EventId, founded.ListingId),
                because: "the first meeting should go to the founded group after the restart");
            await Eventually.TrueAsync(() => fixture.Servers.QueueDrainedAsync(partner.QueuePrefix + "events-api-founding"), TimeSpan.FromSeconds(60),
                "every founding message should be consumed");
            Assert.Equal(1L, await partner.ScalarAsync<long>("SELECT count(*) FROM series WHERE id = $1", planned.EventId));
            Assert.Single(await partner.RaisedAsync<OccurrenceScheduled>(planned.EventId));
            Assert.Equal(1L, await partner.ScalarAsync<long>("SELECT count(*) FROM inbox_messages WHERE message_id = $1", plannedId));
        }
        finally
        {
            await partner.DisposeAsync();
        }
    }

    private static (FirstMeetingPlanned Planned, InitiativeFounded Founded) Founding(DateTimeOffset now)
    {
        var office = EventsApp.NewOffice();
        var initiative = Guid.NewGuid();
        var eventId = Guid.NewGuid();
        var starts = now.AddDays(14);
        return (new FirstMeetingPlanned(initiative, office, eventId, "angst", starts, starts.AddHours(2), "Raum 3", "Hegelallee 1", "14467", "Potsdam",
                false, [Guid.NewGuid()], now),
            new InitiativeFounded(initiative, office, Guid.NewGuid(), eventId, "Selbsthilfegruppe Neubeginn", null, "angst", "14467", "Potsdam", false, now));
    }

    private static Task<bool> AttachedAsync(EventsApp app, Guid eventId, Guid listingId) =>
        app.ScalarAsync<bool>("SELECT EXISTS (SELECT FROM series WHERE id = $1 AND listing_id = $2)", eventId, listingId);
}
