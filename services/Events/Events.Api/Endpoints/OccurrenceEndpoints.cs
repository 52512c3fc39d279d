using Microsoft.AspNetCore.Http.HttpResults;
using Selbsthilfe.Events.Api.Calendar;
using Selbsthilfe.Events.Api.Scheduling;
using Selbsthilfe.ServiceDefaults.Security;

namespace Selbsthilfe.Events.Api.Endpoints;

/// <summary>
/// Meetings in a time window, for a group, an office, a topic or a place (from the directory's public facts), and the
/// same as iCalendar feeds that calendar clients subscribe to.
/// </summary>
public static class OccurrenceEndpoints
{
    private static readonly TimeSpan MaxWindow = TimeSpan.FromDays(400);
    private const int MaxResults = 5000;
    private const int MaxListings = 100;

    public static IEndpointRouteBuilder MapOccurrenceEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(Routes.Prefix + "/occurrences", ListOccurrences).WithTags("Occurrences").WithName("ListOccurrences");
        var calendars = app.MapGroup(Routes.Calendars).WithTags("Calendars");
        calendars.MapGet("/groups/{file}", (string file, HttpContext http, SeriesQuery query, TimeProvider clock, CancellationToken ct) =>
            Guid.TryParse(Ics(file), out var listingId)
                ? Feed(http, query, new SeriesFilter { ListingId = listingId }, "Gruppe", clock, ct)
                  : Task.FromResult<IResult>(NotFound())).WithName("GroupCalendar");
        calendars.MapGet("/offices/{file}", (string file, HttpContext http, SeriesQuery query, TimeProvider clock, CancellationToken ct) =>
            Ics(file) is { Length: > 0 } officeId
                ? Feed(http, query, new SeriesFilter { OfficeId = officeId }, "Kontaktstelle", clock, ct)
                  : Task.FromResult<IResult>(NotFound())).WithName("OfficeCalendar");
        return app;
    }

    private static async Task<IResult> ListOccurrences(Guid[]? listingId, string? officeId, string? topic, string? postcode, string? city,
        DateTimeOffset? from, DateTimeOffset? to, HttpContext http, SeriesQuery query, TimeProvider clock, CancellationToken ct)
    {
        var start = from ?? clock.GetUtcNow();
        if (start.Year is < 1900 or > 2200 || to?.Year is < 1900 or > 2200)
        {
            return TypedResults.Problem(statusCode: 400, title: "Zeitraum zwischen 1900 und 2200 angeben. / Give a window between 1900 and 2200.");
        }
        var end = to ?? start.AddDays(60);
        if (end <= start || end - start > MaxWindow)
        {
            return TypedResults.Problem(statusCode: 400,
                title: "Zeitraum ungültig: „to“ muss nach „from“ liegen, höchstens 400 Tage. / Invalid window: 'to' must follow 'from', at most 400 days.");
        }
        if (postcode is not null && (postcode.Length is 0 or > 5 || !postcode.All(char.IsAsciiDigit)))
        {
            return TypedResults.Problem(statusCode: 400, title: "Postleitzahl(-anfang) aus Ziffern angeben. / Give a postcode (prefix) of digits.");
        }
        if (listingId is { Length: > MaxListings })
        {
            return TypedResults.Problem(statusCode: 400, title: $"Höchstens {MaxListings} Gruppen auf einmal. / At most {MaxListings} groups at once.");
        }
        var viewer = SeriesEndpoints.Viewer(http.User);
        var found = await query.FindAsync(viewer with
        {
            ListingIds = listingId is { Length: > 0 } ? listingId : null, OfficeId = officeId, Topic = topic, Postcode = postcode, City = city, From = start, To = end,
        }, ct);
        var items = SeriesQuery.Occurrences(found, start, end, viewer.StaffOffice, viewer.PlatformAdmin);
        http.Response.Headers.Vary = "Authorization";
        var truncated = items.Count > MaxResults;
        return TypedResults.Ok(new { from = start, to = end, truncated, items = truncated ? items.Take(MaxResults).ToList() : items });
    }

    private static async Task<IResult> Feed(HttpContext http, SeriesQuery query, SeriesFilter filter, string kind, TimeProvider clock,
        CancellationToken ct)
    {
        // Calendar clients subscribe without a token: a feed shows what the public may see.
        var found = await query.FindAsync(filter, ct);
        // A known group without public meetings (withdrawn, no longer public, none yet) answers an empty calendar:
        // subscribed clients then drop what they showed, instead of keeping it for ever after a 404.
        if (found.Count == 0 && (filter.ListingId is not { } listing || !await query.IsKnownListingAsync(listing, ct))) return NotFound();
        var name = kind == "Gruppe"
            ? found.Select(f => f.Group.Name).FirstOrDefault(n => n is not null) ?? "Gruppentreffen"
            : $"Termine {filter.OfficeId}";
        var ics = IcsWriter.Write(name, found, clock.GetUtcNow());
        var etag = IcsWriter.ETag(ics);
        http.Response.Headers.ETag = etag;
        http.Response.Headers.CacheControl = "public, max-age=300";
        if (http.Request.Headers.IfNoneMatch.Any(v => v is not null && (v == etag || v.Split(',').Select(s => s.Trim()).Contains(etag))))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        return TypedResults.Text(ics, IcsWriter.ContentType);
    }

    private static string? Ics(string file) =>
        file.EndsWith(".ics", StringComparison.OrdinalIgnoreCase) ? file[..^4] : null;

    private static ProblemHttpResult NotFound() =>
        TypedResults.Problem(statusCode: 404, title: "Kalender nicht gefunden. / Calendar not found.");
}
