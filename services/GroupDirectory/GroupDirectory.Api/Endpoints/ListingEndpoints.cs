using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Selbsthilfe.GroupDirectory.Api.Listings;
using Selbsthilfe.GroupDirectory.Api.Taxonomy;
using Selbsthilfe.ServiceDefaults.Security;

namespace Selbsthilfe.GroupDirectory.Api.Endpoints;

/// <summary>
/// Listings are written by the staff of the office that owns them. Every answer carries the version as ETag; a
/// change must name the version it was made on (If-Match), so two editors cannot overwrite each other unseen.
/// </summary>
public static class ListingEndpoints
{
    public static IEndpointRouteBuilder MapListingEndpoints(this IEndpointRouteBuilder app)
    {
        var listings = app.MapGroup(Routes.Prefix + "/listings").WithTags("Listings");
        listings.MapGet("/{id:guid}", GetListing).WithName("GetListing");
        var staff = listings.MapGroup("").RequireAuthorization(StaffPolicies.OfficeStaff);
        staff.MapPost("/", CreateListing).WithName("CreateListing");
        staff.MapPut("/{id:guid}", UpdateListing).WithName("UpdateListing");
        staff.MapPost("/{id:guid}/publish", (Guid id, HttpContext http, ListingStore store, CancellationToken ct) =>
            Change(http, id, (v, u) => store.PublishAsync(id, v, u, ct))).WithName("PublishListing");
        staff.MapPost("/{id:guid}/withdraw", (Guid id, HttpContext http, ListingStore store, CancellationToken ct) =>
            Change(http, id, (v, u) => store.WithdrawAsync(id, v, u, ct))).WithName("WithdrawListing");
        staff.MapPost("/{id:guid}/confirm", (Guid id, HttpContext http, ListingStore store, CancellationToken ct) =>
            Change(http, id, (v, u) => store.ConfirmAsync(id, v, u, ct))).WithName("ConfirmListing");
        return app;
    }

    private static async Task<IResult> GetListing(Guid id, HttpContext http, ListingStore store, TopicTaxonomy taxonomy, TimeProvider clock, CancellationToken ct)
    {
        var listing = await store.GetAsync(id, ct);
        var view = listing is null ? null : ListingProjection.Project(listing, Viewer.From(http.User), taxonomy, clock.GetUtcNow());
        if (view is null) return NotFound();
        var etag = ETag(view.Version);
        http.Response.Headers.ETag = etag;
        // What a viewer may see differs by token: caches must not hand one viewer's answer to another.
        http.Response.Headers.Vary = "Accept, Authorization";
        if (http.Request.Headers.IfNoneMatch.Contains(etag)) return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        var wantsJsonLd = http.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals(ListingJsonLd.MediaType, StringComparison.OrdinalIgnoreCase));
        return wantsJsonLd
            ? TypedResults.Json(ListingJsonLd.From(view, $"{http.Request.Scheme}://{http.Request.Host}"), contentType: ListingJsonLd.MediaType)
            : TypedResults.Ok(view);
    }

    private static async Task<IResult> CreateListing(ListingRequest request, HttpContext http, ListingStore store, TopicTaxonomy taxonomy,
        TimeProvider clock, CancellationToken ct)
    {
        var officeId = request.OfficeId ?? http.User.StaffOffice()!;
        if (!http.User.IsStaffOf(officeId)) return Forbidden();
        var errors = ListingRules.Validate(request, taxonomy, out var content);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var listing = await store.CreateAsync(officeId, content!, ct);
        if (listing is null) return NotFound();
        http.Response.Headers.ETag = ETag(listing.Version);
        return TypedResults.Created($"{Routes.Prefix}/listings/{listing.Id}", ListingProjection.Project(listing, Viewer.From(http.User), taxonomy, clock.GetUtcNow()));
    }

    private static async Task<IResult> UpdateListing(Guid id, ListingRequest request, HttpContext http, ListingStore store, TopicTaxonomy taxonomy,
        CancellationToken ct)
    {
        if (!http.Request.Headers.ContainsKey(HeaderNames.IfMatch))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status428PreconditionRequired,
                title: "Bitte die Version mitsenden, auf der die Änderung beruht (If-Match). / Send the version the change is based on (If-Match).");
        }
        var errors = ListingRules.Validate(request, taxonomy, out var content);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        return await Change(http, id, (v, u) => store.UpdateAsync(id, v, u, content!, ct));
    }

    private static async Task<IResult> Change(HttpContext http, Guid id, Func<int?, ClaimsPrincipal, Task<WriteResult>> write)
    {
        int? expected = null;
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        if (ifMatch.Length > 0 && ifMatch != "*")
        {
            if (!int.TryParse(ifMatch.Replace("W/", "", StringComparison.Ordinal).Trim('"', ' '), out var version)) return Stale();
            expected = version;
        }
        var result = await write(expected, http.User);
        switch (result.Outcome)
        {
            case WriteOutcome.NotFound: return NotFound();
            case WriteOutcome.Forbidden: return Forbidden();
            case WriteOutcome.StaleVersion:
                http.Response.Headers.ETag = ETag(result.Listing!.Version);
                return Stale();
        }
        var taxonomy = http.RequestServices.GetRequiredService<TopicTaxonomy>();
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        http.Response.Headers.ETag = ETag(result.Listing!.Version);
        return TypedResults.Ok(ListingProjection.Project(result.Listing, Viewer.From(http.User), taxonomy, now));
    }

    public static string ETag(int version) => $"\"{version}\"";

    private static ProblemHttpResult NotFound() =>
        TypedResults.Problem(statusCode: 404, title: "Gruppe nicht gefunden. / Group not found.");

    private static ProblemHttpResult Forbidden() =>
        TypedResults.Problem(statusCode: 403, title: "Nur die zuständige Kontaktstelle darf diesen Eintrag ändern. / Only the owning office may change this listing.");

    private static ProblemHttpResult Stale() =>
        TypedResults.Problem(statusCode: 412,
            title: "Der Eintrag wurde inzwischen geändert. Bitte neu laden und erneut versuchen. / The listing has changed meanwhile. Reload and try again.");
}
