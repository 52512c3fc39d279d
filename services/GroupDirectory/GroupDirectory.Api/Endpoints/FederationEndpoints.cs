using Microsoft.AspNetCore.Http.HttpResults;
using Selbsthilfe.GroupDirectory.Api.Federation;
using Selbsthilfe.GroupDirectory.Api.Listings;
using Selbsthilfe.GroupDirectory.Api.Taxonomy;
using Selbsthilfe.ServiceDefaults.Security;

namespace Selbsthilfe.GroupDirectory.Api.Endpoints;

/// <summary>
/// The feed other instances follow (<c>/federation/v1/listings</c>: with a peer key the office-network level, without
/// one what is public anyway) and our Meeting Guide list; under the service prefix the platform admin's keys and peers.
/// </summary>
public static class FederationEndpoints
{
    public static IEndpointRouteBuilder MapFederationEndpoints(this IEndpointRouteBuilder app)
    {
        var feeds = app.MapGroup(Routes.Federation).WithTags("Federation");
        feeds.MapGet("/listings", ReadFeed).WithName("ReadFederationFeed");
        feeds.MapGet("/meeting-guide.json", ReadMeetingGuide).WithName("ReadMeetingGuideFeed");

        var admin = app.MapGroup(Routes.Prefix + "/federation").WithTags("Federation").RequireAuthorization(StaffPolicies.PlatformAdmin);
        admin.MapPost("/keys", async (KeyRequest request, FederationKeys keys, CancellationToken ct) =>
            request.PeerName is not { Length: > 0 and <= 100 }
                ? Results.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["peerName"] = ["Name des Peers: Pflichtfeld, höchstens 100 Zeichen. / Peer name: required, at most 100 characters."],
                })
                : Results.Created($"{Routes.Prefix}/federation/keys", await keys.IssueAsync(request.PeerName, ct))).WithName("IssueFederationKey");
        admin.MapGet("/keys", (FederationKeys keys, CancellationToken ct) => keys.ListAsync(ct)).WithName("ListFederationKeys");
        admin.MapDelete("/keys/{id:guid}", async (Guid id, FederationKeys keys, CancellationToken ct) =>
            await keys.RevokeAsync(id, ct) ? Results.NoContent() : NotFound()).WithName("RevokeFederationKey");
        admin.MapPost("/peers", async (PeerRequest request, Peers peers, TopicTaxonomy taxonomy, CancellationToken ct) =>
        {
            var errors = Peers.Validate(request, taxonomy);
            if (errors.Count > 0) return Results.ValidationProblem(errors);
            return await peers.RegisterAsync(request, ct)
                ? Results.Created($"{Routes.Prefix}/federation/peers/{request.Id}", (await peers.StatusAsync(request.Id, ct))[0])
                : Results.Problem(statusCode: StatusCodes.Status409Conflict,
                    title: "Einen Peer mit dieser Kennung gibt es schon. / A peer with this id exists already.");
        }).WithName("RegisterPeer");
        admin.MapGet("/peers", (Peers peers, CancellationToken ct) => peers.StatusAsync(null, ct)).WithName("ListPeers");
        admin.MapGet("/peers/{id}/status", async (string id, Peers peers, CancellationToken ct) =>
            (await peers.StatusAsync(id, ct)) is [var status, ..] ? Results.Ok(status) : NotFound()).WithName("PeerStatus");
        return app;
    }

    public sealed record KeyRequest(string? PeerName);

    /// <summary>Who reads: a peer with a valid key (office network), anyone without one (public); null for a bad key.</summary>
    private static async Task<Viewer?> ReaderAsync(HttpContext http, FederationKeys keys, CancellationToken ct)
    {
        if (http.Request.Headers[FederationKeys.Header].ToString() is not { Length: > 0 } key) return Viewer.Anonymous;
        return await keys.VerifyAsync(key, ct) is null ? null : new Viewer(1, null);
    }

    private static ProblemHttpResult BadKey() => TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized,
        title: "Unbekannter oder widerrufener Schlüssel. / Unknown or revoked key.");

    /// <summary>
    /// Our groups in the Meeting Guide JSON format (code4recovery), for meeting-list sites and apps. Any site may read
    /// the public list from a browser (TSML UI fetches it there): a simple GET, so one header is all CORS asks for
    /// (https://fetch.spec.whatwg.org/#http-cors-protocol); with a key, a browser would first ask (preflight), which
    /// stays unanswered: keys are for servers.
    /// </summary>
    private static async Task<IResult> ReadMeetingGuide(HttpContext http, ChangeFeed feed, FederationKeys keys, CancellationToken ct)
    {
        http.Response.Headers.AccessControlAllowOrigin = "*";
        if (await ReaderAsync(http, keys, ct) is not { } reader) return BadKey();
        http.Response.Headers.Vary = FederationKeys.Header;
        var publicBase = $"{http.Request.Scheme}://{http.Request.Host}{Routes.Prefix}";
        var meetings = (await feed.SnapshotAsync(reader, ct)).Select(v => MeetingGuide.From(v, publicBase)).ToList();
        return TypedResults.Json(meetings, MeetingGuide.JsonOptions);
    }

    private static async Task<IResult> ReadFeed(HttpContext http, ChangeFeed feed, FederationKeys keys, CancellationToken ct,
        string? since = null, int limit = 200)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!ChangeFeed.TryParseCursor(since, out var position))
            errors["since"] = ["Ungültiger Cursor: bitte den Wert next der vorigen Seite verwenden. / Invalid cursor: use next of the previous page."];
        if (limit is < 1 or > ChangeFeed.MaxLimit) errors["limit"] = [$"Anzahl: 1 bis {ChangeFeed.MaxLimit}. / Limit: 1 to {ChangeFeed.MaxLimit}."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        if (await ReaderAsync(http, keys, ct) is not { } reader) return BadKey();
        // The same cursor gives the same page while the log has not grown (and for the same level of reader).
        var etag = $"\"{position}-{limit}-{await feed.HeadAsync(ct)}-{reader.Rank}\"";
        http.Response.Headers.ETag = etag;
        http.Response.Headers.Vary = FederationKeys.Header;
        if (http.Request.Headers.IfNoneMatch.Contains(etag)) return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.Ok(await feed.ReadAsync(position, limit, reader, ct));
    }

    private static ProblemHttpResult NotFound() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Nicht gefunden. / Not found.");
}
