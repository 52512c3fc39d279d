using MassTransit;
using Selbsthilfe.FoundingSupport.Api.Contacts;
using Selbsthilfe.FoundingSupport.Api.Initiatives;
using Selbsthilfe.FoundingSupport.Api.PeerSearch;
using Selbsthilfe.Messaging.Inbox;
using Selbsthilfe.Notifications.Contracts;

namespace Selbsthilfe.FoundingSupport.Api.Consumers;

/// <summary>
/// A contact's owner confirmed the address with Notifications: from now on the reference counts, and what it did
/// before (interest, joining, consent) counts now, with the events it would have raised then.
/// </summary>
public sealed class ConfirmContactConsumer(Inbox inbox, PostingCommands postings, InitiativeMembers members, TimeProvider clock) : IConsumer<ContactConfirmed>
{
    public async Task Consume(ConsumeContext<ContactConfirmed> context)
    {
        var ct = context.CancellationToken;
        await using var tx = await inbox.BeginAsync(context, nameof(ConfirmContactConsumer));
        if (tx is null) return;
        var contactRef = context.Message.ContactRef;
        if (await ConfirmedContacts.ConfirmAsync(tx, contactRef, context.Message.At, ct))
        {
            var now = clock.GetUtcNow();
            await postings.CountConfirmedInterestAsync(tx, contactRef, now, ct);
            await members.CountConfirmedAsync(tx, contactRef, now, ct);
        }
        await tx.CommitAsync(ct);
    }
}
