using MassTransit;
using Selbsthilfe.FoundingSupport.Api.Contacts;
using Selbsthilfe.Messaging.Inbox;
using Selbsthilfe.Notifications.Contracts;

namespace Selbsthilfe.FoundingSupport.Api.Consumers;

/// <summary>A contact's owner erased their data with Notifications: the reference counts no more, and its interest, membership and consent go.</summary>
public sealed class EraseContactConsumer(Inbox inbox) : IConsumer<ContactErased>
{
    public async Task Consume(ConsumeContext<ContactErased> context)
    {
        await using var tx = await inbox.BeginAsync(context, nameof(EraseContactConsumer));
        if (tx is null) return;
        await ConfirmedContacts.EraseAsync(tx, context.Message.ContactRef, context.Message.At, context.CancellationToken);
        await tx.CommitAsync(context.CancellationToken);
    }
}
