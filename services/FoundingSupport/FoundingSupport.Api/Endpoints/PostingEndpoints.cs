using Npgsql;
using Selbsthilfe.FoundingSupport.Api.Domain;
using Selbsthilfe.FoundingSupport.Api.Offices;
using Selbsthilfe.FoundingSupport.Api.PeerSearch;
using Selbsthilfe.ServiceDefaults.Security;

namespace Selbsthilfe.FoundingSupport.Api.Endpoints;

/// <summary>
/// Peer searches ("Gleichbetroffene gesucht"): anyone posts and shows interest (members have no accounts; a contact
/// reference from Notifications stands for them); the office of the region moderates. Texts are public only once released.
/// </summary>
public static class PostingEndpoints
{
    private const string NotFound = "Gesuch nicht gefunden. / Posting not found.";

    public static IEndpointRouteBuilder MapPostingEndpoints(this IEndpointRouteBuilder app)
    {
        var postings = app.MapGroup(Routes.Prefix + "/postings").WithTags("Peer search");
        postings.MapPost("/", CreateAsync).WithName("CreatePosting");
        postings.MapGet("/", ListReleasedAsync).WithName("ListPostings");
        postings.MapGet("/{id:guid}", async (Guid id, PostingStore store, CancellationToken ct) =>
            await store.GetAsync(id, ct) is { State: PostingStates.Released } posting
                ? Results.Ok(posting.ToPublic())
                : TypedResults.Problem(statusCode: 404, title: NotFound)).WithName("GetPosting");
        postings.MapPost("/{id:guid}/interest", async (Guid id, ContactRefRequest request, HttpContext http, PostingCommands commands, CancellationToken ct) =>
            Problems.OkOr(http, await commands.ExpressInterestAsync(id, request.ContactRef, ct), NotFound)).WithName("ExpressPostingInterest");

        var moderation = postings.MapGroup("").RequireAuthorization(StaffPolicies.OfficeStaff);
        moderation.MapPost("/{id:guid}/release", (Guid id, HttpContext http, PostingCommands commands, CancellationToken ct) =>
            ModerateAsync(id, release: true, http, commands, ct)).WithName("ReleasePosting");
        moderation.MapPost("/{id:guid}/reject", (Guid id, HttpContext http, PostingCommands commands, CancellationToken ct) =>
            ModerateAsync(id, release: false, http, commands, ct)).WithName("RejectPosting");
        return app;
    }

    private static async Task<IResult> CreateAsync(CreatePostingRequest request, HttpContext http, PostingCommands commands, CancellationToken ct) =>
        Problems.CreatedOr(http, await commands.CreateAsync(request, ct), c => $"{Routes.Prefix}/postings/{c.Id}", NotFound);

    /// <summary>Released postings of a topic and/or of the region that serves <paramref name="postcode"/>.</summary>
    private static async Task<IResult> ListReleasedAsync(string? topic, string? postcode, PostingStore store, NpgsqlDataSource db, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (topic is not null) FoundingRules.Topic(topic, errors);
        FoundingRules.Postcode(postcode, "postcode", errors, required: false);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "Die Angaben sind nicht gültig. / The request is not valid.");
        string? officeId = null;
        if (postcode is not null)
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            officeId = (await OfficeRegions.ResponsibleAsync(connection, null, postcode, ct))?.Id;
            if (officeId is null) return TypedResults.Ok(new List<PublicPosting>());
        }
        return TypedResults.Ok((await store.ReleasedAsync(topic, officeId, 100, ct)).Select(p => p.ToPublic()).ToList());
    }

    private static async Task<IResult> ModerateAsync(Guid id, bool release, HttpContext http, PostingCommands commands, CancellationToken ct) =>
        Problems.OkOr(http, await commands.ModerateAsync(id, release, http.User, ct), NotFound);

}
