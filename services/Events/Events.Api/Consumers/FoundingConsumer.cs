using System.Globalization;
using MassTransit;
using Selbsthilfe.Events.Api.Scheduling;
using Selbsthilfe.FoundingSupport.Contracts;
using Selbsthilfe.Messaging;
using Selbsthilfe.Messaging.Inbox;
using Selbsthilfe.Messaging.Outbox;

namespace Selbsthilfe.Events.Api.Consumers;

/// <summary>
/// A founding initiative's first meeting: the office planned it in Founding, Events keeps it as the office's one-off
/// event (with the id Founding chose), announces it and shows it in the office's calendar. When the group is founded,
/// the event becomes the new group's, so it appears in the group's calendar once the office publishes the listing.
/// The two messages may be consumed in either order: the founded listing is recorded, and whichever comes second
/// attaches the event to it.
/// </summary>
public sealed class FoundingConsumer(Inbox inbox, SeriesCommands commands, TimeProvider clock) :
    IConsumer<FirstMeetingPlanned>, IConsumer<InitiativeFounded>
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById(SeriesRules.DefaultTimeZone);

    /// <summary>The public title of a founding meeting: it names no member, and the topic only as the office chose it.</summary>
    public const string Title = "Gründungstreffen einer neuen Selbsthilfegruppe";

    public async Task Consume(ConsumeContext<FirstMeetingPlanned> context)
    {
        var m = context.Message;
        var request = new SeriesRequest
        {
            OfficeId = m.OfficeId,
            Title = Title,
            Start = TimeZoneInfo.ConvertTime(m.StartsAt, Berlin).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture),
            DurationMinutes = (int)Math.Round((m.EndsAt - m.StartsAt).TotalMinutes),
            // An online meeting's link never travels in an event: the office adds it to the event here.
            Place = m.Online ? null : new PlaceRequest(m.Room, m.Address, m.Postcode, m.City),
        };
        var errors = SeriesRules.Validate(request, oneOff: true, out var definition, out _);
        if (errors.Count > 0) throw new PermanentMessageException($"First meeting {m.EventId} of initiative {m.InitiativeId} is invalid: {string.Join(", ", errors.Keys)}.");

        await using var tx = await inbox.BeginAsync(context, nameof(FoundingConsumer));
        if (tx is null) return;
        await commands.CreateAsync(tx, m.EventId, definition!, oneOff: true, listingId: null, m.OfficeId, clock.GetUtcNow(), context.CancellationToken);
        await AttachAsync(tx, m.EventId, context.CancellationToken);
        await tx.CommitAsync(context.CancellationToken);
    }

    public async Task Consume(ConsumeContext<InitiativeFounded> context)
    {
        if (context.Message.FirstMeetingEventId is not { } eventId) return;
        await using var tx = await inbox.BeginAsync(context, nameof(FoundingConsumer));
        if (tx is null) return;
        await using (var record = tx.Command("INSERT INTO founded_listings (event_id, listing_id, office_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING"))
        {
            record.Parameters.AddWithValue(eventId);
            record.Parameters.AddWithValue(context.Message.ListingId);
            record.Parameters.AddWithValue(context.Message.OfficeId);
            await record.ExecuteNonQueryAsync(context.CancellationToken);
        }
        await AttachAsync(tx, eventId, context.CancellationToken);
        await tx.CommitAsync(context.CancellationToken);
    }

    /// <summary>Gives the event to its founded group's listing, once both are known here (of the same office).</summary>
    private static async Task AttachAsync(DomainTransaction tx, Guid eventId, CancellationToken ct)
    {
        await using var attach = tx.Command("""
            UPDATE series s SET listing_id = f.listing_id FROM founded_listings f
            WHERE f.event_id = $1 AND s.id = f.event_id AND s.listing_id IS NULL AND s.office_id = f.office_id
            """);
        attach.Parameters.AddWithValue(eventId);
        await attach.ExecuteNonQueryAsync(ct);
    }
}
