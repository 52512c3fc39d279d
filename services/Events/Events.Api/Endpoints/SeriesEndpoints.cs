using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Selbsthilfe.Events.Api.Scheduling;
using Selbsthilfe.ServiceDefaults.Security;

namespace Selbsthilfe.Events.Api.Endpoints;

/// <summary>
/// Meeting series and one-off events, written by the staff of the office that owns the group. Answers carry the
/// version as ETag; a change may name the version it was made on (If-Match) and is refused if that is stale.
/// </summary>
public static class SeriesEndpoints
{
    public static IEndpointRouteBuilder MapSeriesEndpoints(this IEndpointRouteBuilder app)
    {
        var series = app.MapGroup(Routes.Prefix + "/series").WithTags("Series");
        series.MapGet("/{id:guid}", GetSeries).WithName("GetSeries");
        series.MapGet("/", ListSeries).WithName("ListSeries");
        var staff = series.MapGroup("").RequireAuthorization(StaffPolicies.OfficeStaff);
        staff.MapPost("/", (SeriesRequest request, HttpContext http, SeriesCommands commands, CancellationToken ct) =>
            Created(http, commands.CreateAsync(request, oneOff: false, http.User, ct))).WithName("CreateSeries");
        staff.MapPut("/{id:guid}", (Guid id, SeriesRequest request, HttpContext http, SeriesCommands commands, CancellationToken ct) =>
            Answer(http, commands.UpdateAsync(id, IfMatch(http), request, http.User, ct))).WithName("UpdateSeries");
        staff.MapPost("/{id:guid}/split", (Guid id, SplitRequest request, HttpContext http, SeriesCommands commands, CancellationToken ct) =>
            Created(http, commands.SplitAsync(id, IfMatch(http), request.From, request.Series ?? new SeriesRequest(), http.User, ct))).WithName("SplitSeries");
        staff.MapPost("/{id:guid}/end", (Guid id, HttpContext http, SeriesCommands commands, CancellationToken ct) =>
            Answer(http, commands.EndAsync(id, IfMatch(http), http.User, ct))).WithName("EndSeries");
        staff.MapPut("/{id:guid}/occurrences/{recurrenceId}", (Guid id, string recurrenceId, OccurrenceChangeRequest request, HttpContext http,
            SeriesCommands commands, CancellationToken ct) => RecurrenceId(recurrenceId) is { } local
                ? Answer(http, commands.ChangeOccurrenceAsync(id, IfMatch(http), local, request, http.User, ct))
                : Task.FromResult<IResult>(BadRecurrenceId())).WithName("ChangeOccurrence");
        staff.MapDelete("/{id:guid}/occurrences/{recurrenceId}", (Guid id, string recurrenceId, HttpContext http, SeriesCommands commands,
            CancellationToken ct) => RecurrenceId(recurrenceId) is { } local
                ? Answer(http, commands.RestoreOccurrenceAsync(id, IfMatch(http), local, http.User, ct))
                : Task.FromResult<IResult>(BadRecurrenceId())).WithName("RestoreOccurrence");
        staff.MapPost("/{id:guid}/pauses", (Guid id, PauseRequest request, HttpContext http, SeriesCommands commands, CancellationToken ct) =>
            Answer(http, commands.AddPauseAsync(id, IfMatch(http), request, http.User, ct))).WithName("AddPause");
        staff.MapDelete("/{id:guid}/pauses/{pauseId:guid}", (Guid id, Guid pauseId, HttpContext http, SeriesCommands commands, CancellationToken ct) =>
            Answer(http, commands.RemovePauseAsync(id, IfMatch(http), pauseId, http.User, ct))).WithName("RemovePause");

        var events = app.MapGroup(Routes.Prefix + "/events").WithTags("One-off events").RequireAuthorization(StaffPolicies.OfficeStaff);
        events.MapPost("/", (SeriesRequest request, HttpContext http, SeriesCommands commands, CancellationToken ct) =>
            Created(http, commands.CreateAsync(request, oneOff: true, http.User, ct))).WithName("CreateEvent");
        return app;
    }

    public sealed record SplitRequest(string? From, SeriesRequest? Series);

    private static async Task<IResult> GetSeries(Guid id, HttpContext http, SeriesQuery query, SeriesStore store, CancellationToken ct)
    {
        var series = await store.GetAsync(id, ct);
        if (series is null) return NotFound();
        var visible = await query.FindAsync(Viewer(http.User) with { ListingId = series.ListingId, OfficeId = series.OfficeId }, ct);
        var match = visible.FirstOrDefault(v => v.Series.Id == id);
        if (match.Series is null) return NotFound();
        http.Response.Headers.ETag = ETag(series.Version);
        http.Response.Headers.Vary = "Authorization";
        return TypedResults.Ok(SeriesView.From(series, Insider(http.User, series.OfficeId), match.Group.AddressPublic));
    }

    private static async Task<IResult> ListSeries(Guid? listingId, string? officeId, HttpContext http, SeriesQuery query, CancellationToken ct)
    {
        if (listingId is null && officeId is null)
        {
            return TypedResults.Problem(statusCode: 400, title: "listingId oder officeId angeben. / Give listingId or officeId.");
        }
        var visible = await query.FindAsync(Viewer(http.User) with { ListingId = listingId, OfficeId = officeId }, ct);
        http.Response.Headers.Vary = "Authorization";
        return TypedResults.Ok(visible.Select(v => SeriesView.From(v.Series, Insider(http.User, v.Series.OfficeId), v.Group.AddressPublic)).ToList());
    }

    public static SeriesFilter Viewer(ClaimsPrincipal user) =>
        new() { StaffOffice = user.StaffOffice(), PlatformAdmin = user.IsInRole(StaffRoles.PlatformAdmin) };

    private static bool Insider(ClaimsPrincipal user, string officeId) => user.IsInRole(StaffRoles.PlatformAdmin) || user.IsStaffOf(officeId);

    private static DateTime? RecurrenceId(string text) =>
        SeriesRules.LocalTime(text, "recurrenceId", new Dictionary<string, string[]>(), required: true);

    private static ProblemHttpResult BadRecurrenceId() => TypedResults.Problem(statusCode: 400,
        title: "Der Termin wird mit seiner ursprünglichen Ortszeit angegeben, z. B. 2026-12-08T19:00:00. / Address a meeting by its original local start.");

    private static int? IfMatch(HttpContext http)
    {
        var value = http.Request.Headers.IfMatch.ToString();
        if (value.Length == 0 || value == "*") return null;
        return int.TryParse(value.Replace("W/", "", StringComparison.Ordinal).Trim('"', ' '), out var v) ? v : -1;
    }

    private static async Task<IResult> Created(HttpContext http, Task<CommandResult> command)
    {
        var result = await command;
        if (result.Outcome != Outcome.Ok) return Problem(http, result);
        http.Response.Headers.ETag = ETag(result.Series!.Version);
        return TypedResults.Created($"{Routes.Prefix}/series/{result.Series.Id}", SeriesView.From(result.Series, true, true));
    }

    private static async Task<IResult> Answer(HttpContext http, Task<CommandResult> command)
    {
        var result = await command;
        if (result.Outcome != Outcome.Ok) return Problem(http, result);
        http.Response.Headers.ETag = ETag(result.Series!.Version);
        return TypedResults.Ok(SeriesView.From(result.Series, true, true));
    }

    private static IResult Problem(HttpContext http, CommandResult result)
    {
        switch (result.Outcome)
        {
            case Outcome.Invalid:
                var extensions = new Dictionary<string, object?>();
                if (result.Detail is { } part) extensions["rulePart"] = part;
                return TypedResults.ValidationProblem(result.Errors!, title: "Die Angaben sind nicht gültig. / The request is not valid.",
                    extensions: extensions);
            case Outcome.NotFound:
                return result.Detail switch
                {
                    "listing" => TypedResults.Problem(statusCode: 404,
                        title: "Diese Gruppe ist nicht (oder noch nicht) veröffentlicht. / This group is not (yet) published."),
                    "occurrence" => TypedResults.Problem(statusCode: 404, title: "Die Reihe hat zu dieser Zeit keinen Termin. / The series has no meeting at that time."),
                    "pause" => TypedResults.Problem(statusCode: 404, title: "Pause nicht gefunden. / Pause not found."),
                    _ => NotFound(),
                };
            case Outcome.Forbidden:
                return TypedResults.Problem(statusCode: 403,
                    title: "Nur die zuständige Kontaktstelle darf diese Termine ändern. / Only the owning office may change these meetings.");
            case Outcome.Stale:
                http.Response.Headers.ETag = ETag(result.Series!.Version);
                return TypedResults.Problem(statusCode: 412,
                    title: "Die Reihe wurde inzwischen geändert. Bitte neu laden und erneut versuchen. / The series has changed meanwhile. Reload and try again.");
            default:
                return TypedResults.Problem(statusCode: 409, title: result.Detail ?? "Konflikt. / Conflict.");
        }
    }

    public static string ETag(int version) => $"\"{version}\"";

    private static ProblemHttpResult NotFound() =>
        TypedResults.Problem(statusCode: 404, title: "Terminreihe nicht gefunden. / Series not found.");
}
