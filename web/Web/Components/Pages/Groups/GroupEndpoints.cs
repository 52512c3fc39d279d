using Microsoft.Extensions.Options;
using Selbsthilfe.Web.Clients;
using Selbsthilfe.Web.Components.Shared;

namespace Selbsthilfe.Web.Components.Pages.Groups;

/// <summary>Answers of the group pages that are no HTML page (e.g. one meeting as an .ics file).</summary>
public static class GroupEndpoints
{
    /// <summary>How far ahead a meeting can be downloaded: further than the page lists, so a saved page keeps working.</summary>
    private const int DownloadDays = 366;

    public static WebApplication MapGroupEndpoints(this WebApplication app)
    {
        app.MapGet("/gruppen/{id}/termine/{occurrenceId}.ics", MeetingAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> MeetingAsync(string id, string occurrenceId, DirectoryClient directory, EventsClient events,
        IOptions<SiteOptions> site, TimeProvider clock, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var listingId) || !Guid.TryParse(occurrenceId, out var meetingId)) return NotFound();
        // Only a group the public may see; Events already leaves out a place the group keeps private.
        var listing = await directory.ListingAsync(listingId, ct);
        if (listing is null) return NotFound();
        var meetings = await events.ForGroupsAsync([listingId], DownloadDays, ct);
        var meeting = meetings.FirstOrDefault(m => m.OccurrenceId == meetingId && m.ListingId == listingId);
        if (meeting is null) return NotFound();

        var pageUrl = $"{site.Value.PublicBaseUrl.TrimEnd('/')}/gruppen/{listingId}";
        var ics = MeetingIcs.Write(meeting, listing.Name, pageUrl, clock.GetUtcNow());
        var fileName = $"treffen-{Berlin.Local(meeting.Start):yyyy-MM-dd}.ics";
        return Results.File(System.Text.Encoding.UTF8.GetBytes(ics), MeetingIcs.ContentType, fileName);
    }

    // A body keeps the status-code pages from turning this into an HTML page: a calendar client wants a plain answer.
    private static IResult NotFound() =>
        Results.Text("Termin nicht gefunden. / Meeting not found.\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
}
