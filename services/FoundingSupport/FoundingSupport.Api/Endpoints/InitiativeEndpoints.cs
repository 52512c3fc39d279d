using Selbsthilfe.FoundingSupport.Api.Domain;
using Selbsthilfe.FoundingSupport.Api.Initiatives;
using Selbsthilfe.FoundingSupport.Api.Offices;
using Selbsthilfe.FoundingSupport.Api.PeerSearch;
using Selbsthilfe.ServiceDefaults.Security;

namespace Selbsthilfe.FoundingSupport.Api.Endpoints;

/// <summary>
/// Founding initiatives: proposed by anyone, joined by interested people, taken through their states by the office
/// of their region. Answers to the office carry the version as ETag; a step may name it (If-Match) and is refused
/// with 412 if it is stale. A step that does not fit the state is refused with 409, naming the state and what may follow.
/// </summary>
public static class InitiativeEndpoints
{
    private const string NotFound = "Initiative nicht gefunden. / Initiative not found.";

    public static IEndpointRouteBuilder MapInitiativeEndpoints(this IEndpointRouteBuilder app)
    {
        var initiatives = app.MapGroup(Routes.Prefix + "/initiatives").WithTags("Initiatives");
        initiatives.MapPost("/", CreateAsync).WithName("CreateInitiative");
        initiatives.MapGet("/{id:guid}", GetAsync).WithName("GetInitiative");
        initiatives.MapPost("/{id:guid}/interest", async (Guid id, ContactRefRequest request, HttpContext http, InitiativeMembers members,
            CancellationToken ct) => Problems.OkOr(http, await members.JoinAsync(id, request.ContactRef, ct), NotFound)).WithName("JoinInitiative");
        initiatives.MapPost("/{id:guid}/consent", async (Guid id, ContactRefRequest request, HttpContext http, InitiativeMembers members,
            CancellationToken ct) => Problems.OkOr(http, await members.ConsentAsync(id, request.ContactRef, ct), NotFound)).WithName("ConsentToContactRelease");

        var staff = initiatives.MapGroup("/{id:guid}").RequireAuthorization(StaffPolicies.OfficeStaff);
        staff.MapPost("/counselling", async (Guid id, CounsellingRequest? request, HttpContext http, InitiativeSteps steps, CancellationToken ct) =>
            Step(http, await steps.CounselAsync(id, ETags.IfMatch(http), request ?? new CounsellingRequest(null), http.User, ct))).WithName("StartCounselling");
        staff.MapPost("/gathering-peers", async (Guid id, HttpContext http, InitiativeSteps steps, CancellationToken ct) =>
            Step(http, await steps.GatherPeersAsync(id, ETags.IfMatch(http), http.User, ct))).WithName("StartGatheringPeers");
        staff.MapPost("/first-meeting", async (Guid id, FirstMeetingRequest request, HttpContext http, InitiativeSteps steps, CancellationToken ct) =>
            Step(http, await steps.PlanFirstMeetingAsync(id, ETags.IfMatch(http), request, http.User, ct))).WithName("PlanFirstMeeting");
        staff.MapPost("/founded", async (Guid id, FoundedRequest request, HttpContext http, InitiativeSteps steps, CancellationToken ct) =>
            Step(http, await steps.FoundAsync(id, ETags.IfMatch(http), request, http.User, ct))).WithName("FoundGroup");
        staff.MapPost("/abandon", async (Guid id, AbandonRequest request, HttpContext http, InitiativeSteps steps, CancellationToken ct) =>
            Step(http, await steps.AbandonAsync(id, ETags.IfMatch(http), request, http.User, ct))).WithName("AbandonInitiative");
        staff.MapPut("/online-offer", async (Guid id, OnlineOfferRequest request, HttpContext http, InitiativeSteps steps, CancellationToken ct) =>
            Step(http, await steps.OfferOnlineAsync(id, ETags.IfMatch(http), request, http.User, ct))).WithName("OfferOnlineGroup");
        return app;
    }

    private static async Task<IResult> CreateAsync(CreateInitiativeRequest request, HttpContext http, InitiativeCommands commands, CancellationToken ct) =>
        Problems.CreatedOr(http, await commands.CreateAsync(request, ct), c => $"{Routes.Prefix}/initiatives/{c.Initiative.Id}", NotFound);

    private static async Task<IResult> GetAsync(Guid id, HttpContext http, InitiativeStore store, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not { } initiative) return TypedResults.Problem(statusCode: 404, title: NotFound);
        http.Response.Headers.ETag = ETags.Of(initiative.Version);
        http.Response.Headers.Vary = "Authorization";
        return TypedResults.Ok(InitiativeView.From(initiative, http.User.MayActFor(initiative.OfficeId)));
    }

    private static IResult Step(HttpContext http, CommandResult<Initiative> result)
    {
        if (result.Outcome != Outcome.Ok) return Problems.From(http, result, NotFound);
        http.Response.Headers.ETag = ETags.Of(result.Value!.Version);
        return TypedResults.Ok(InitiativeView.From(result.Value, insider: true));
    }

}
