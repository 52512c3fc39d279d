using MassTransit;
using Selbsthilfe.FoundingSupport.Contracts;
using Selbsthilfe.GroupDirectory.Api.Listings;
using Selbsthilfe.GroupDirectory.Api.Taxonomy;
using Selbsthilfe.Messaging;
using Selbsthilfe.Messaging.Inbox;

namespace Selbsthilfe.GroupDirectory.Api.Consumers;

/// <summary>
/// A founding initiative became a group: its office gets a draft listing with the id Founding chose, to complete and
/// publish. Nothing is public until the office publishes it. The draft says what Founding knows (the office's name
/// for the group, topic, place); the office fills in the rest.
/// </summary>
public sealed class FoundedGroupConsumer(Inbox inbox, ListingStore store, TopicTaxonomy taxonomy) : IConsumer<InitiativeFounded>
{
    public async Task Consume(ConsumeContext<InitiativeFounded> context)
    {
        var founded = context.Message;
        var request = new ListingRequest
        {
            OfficeId = founded.OfficeId,
            Name = founded.GroupName,
            Description = founded.Description,
            Topics = [founded.Topic],
            Audience = "affected",
            Languages = ["de"],
            Setting = founded.Online ? "online" : "in-person",
            Place = founded.Online ? null : new PlaceRequest("public-venue", null, null, founded.Postcode, founded.City, null, null),
            Openness = "open",
            Contact = new ContactRequest("office", null, null),
            Visibility = Visibility.Public,
        };
        var errors = ListingRules.Validate(request, taxonomy, out var content);
        // Founding checks these facts before it raises the event; a mismatch is a bug to look at, not to retry.
        if (errors.Count > 0) throw new InvalidFoundedGroupException(founded.InitiativeId, errors.Keys);

        await using var tx = await inbox.BeginAsync(context, nameof(FoundedGroupConsumer));
        if (tx is null) return;
        if (await store.CreateAsync(tx, founded.OfficeId, content!, founded.ListingId, context.CancellationToken) is null)
        {
            throw new InvalidFoundedGroupException(founded.InitiativeId, ["officeId"]);
        }
        await tx.CommitAsync(context.CancellationToken);
    }
}

/// <summary>The founded group's facts do not make a valid draft; names the fields only (they hold no personal data).</summary>
public sealed class InvalidFoundedGroupException(Guid initiativeId, IEnumerable<string> fields)
    : PermanentMessageException($"Initiative {initiativeId} cannot become a draft listing; invalid: {string.Join(", ", fields)}.");
