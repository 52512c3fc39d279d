using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;
using Selbsthilfe.FoundingSupport.Api.FollowUp;
using Selbsthilfe.FoundingSupport.Api.Initiatives;
using Selbsthilfe.FoundingSupport.Api.Offices;
using Selbsthilfe.FoundingSupport.Api.PeerSearch;
using Selbsthilfe.ServiceDefaults.Security;

namespace Selbsthilfe.FoundingSupport.Api.Endpoints;

/// <summary>An office's founding work: its moderation queue, its region's postings and initiatives by state, its tasks and settings.</summary>
public static class OfficeEndpoints
{
    public sealed record OfficeSettings(int PeerThreshold);

    public sealed record OfficeSettingsRequest(int? PeerThreshold);

    public static IEndpointRouteBuilder MapOfficeEndpoints(this IEndpointRouteBuilder app)
    {
        var office = app.MapGroup(Routes.Prefix + "/offices/{officeId}").WithTags("Office views").RequireAuthorization(StaffPolicies.OfficeStaff);
        office.MapGet("/moderation", (string officeId, HttpContext http, PostingStore store, CancellationToken ct) =>
            PostingsAsync(officeId, PostingStates.Pending, http, store, ct)).WithName("ModerationQueue");
        office.MapGet("/postings", (string officeId, string? state, HttpContext http, PostingStore store, CancellationToken ct) =>
            PostingsAsync(officeId, state, http, store, ct)).WithName("OfficePostings");
        office.MapGet("/initiatives", InitiativesAsync).WithName("OfficeInitiatives");
        office.MapGet("/tasks", async (string officeId, bool? includeDone, HttpContext http, OfficeTasks tasks, CancellationToken ct) =>
            http.User.MayActFor(officeId) ? Results.Ok(await tasks.ListAsync(officeId, includeDone ?? false, ct)) : Problems.Forbidden())
            .WithName("OfficeTasks");
        office.MapPost("/tasks/{taskId:guid}/done", async (string officeId, Guid taskId, HttpContext http, OfficeTasks tasks, TimeProvider clock,
            CancellationToken ct) =>
        {
            if (!http.User.MayActFor(officeId)) return Problems.Forbidden();
            return await tasks.MarkDoneAsync(officeId, taskId, http.User.Subject(), clock.GetUtcNow(), ct)
                ? Results.NoContent()
                : TypedResults.Problem(statusCode: 404, title: "Aufgabe nicht gefunden. / Task not found.");
        }).WithName("CompleteOfficeTask");
        office.MapGet("/settings", SettingsAsync).WithName("OfficeSettings");
        app.MapPut(Routes.Prefix + "/offices/{officeId}/settings", ChangeSettingsAsync).WithName("ChangeOfficeSettings").WithTags("Office views")
            .RequireAuthorization(StaffPolicies.OfficeAdmin);
        return app;
    }

    private static async Task<IResult> PostingsAsync(string officeId, string? state, HttpContext http, PostingStore store, CancellationToken ct)
    {
        if (!http.User.MayActFor(officeId)) return Problems.Forbidden();
        if (state is not null && !PostingStates.All.Contains(state)) return BadState(PostingStates.All);
        return TypedResults.Ok((await store.ByOfficeAsync(officeId, state, ct)).Select(p => p.ToOffice()).ToList());
    }

    private static async Task<IResult> InitiativesAsync(string officeId, string? state, HttpContext http, InitiativeStore store, CancellationToken ct)
    {
        if (!http.User.MayActFor(officeId)) return Problems.Forbidden();
        if (state is not null && !Domain.InitiativeStates.All.Contains(state)) return BadState(Domain.InitiativeStates.All);
        return TypedResults.Ok((await store.ByOfficeAsync(officeId, state, ct)).Select(i => InitiativeView.From(i, insider: true)).ToList());
    }

    private static async Task<IResult> SettingsAsync(string officeId, HttpContext http, NpgsqlDataSource db, IOptions<FoundingOptions> options,
        CancellationToken ct)
    {
        if (!http.User.MayActFor(officeId)) return Problems.Forbidden();
        await using var connection = await db.OpenConnectionAsync(ct);
        return TypedResults.Ok(new OfficeSettings(await OfficeRegions.PeerThresholdAsync(connection, null, officeId, options.Value.DefaultPeerThreshold, ct)));
    }

    /// <summary>Only the office's admins (or platform admins) change what the office decided.</summary>
    private static async Task<IResult> ChangeSettingsAsync(string officeId, OfficeSettingsRequest request, HttpContext http, NpgsqlDataSource db,
        TimeProvider clock, CancellationToken ct)
    {
        if (!http.User.IsAdminOf(officeId)) return Problems.Forbidden();
        if (request.PeerThreshold is not (>= 2 and <= 50) || request.PeerThreshold is not { } threshold)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["peerThreshold"] = ["Zwischen 2 und 50 Interessierten. / Between 2 and 50 interested people."],
            }, title: "Die Angaben sind nicht gültig. / The request is not valid.");
        }
        await using var upsert = db.CreateCommand("""
            INSERT INTO office_settings (office_id, peer_threshold, updated_at) VALUES ($1, $2, $3)
            ON CONFLICT (office_id) DO UPDATE SET peer_threshold = excluded.peer_threshold, updated_at = excluded.updated_at
            """);
        upsert.Parameters.AddWithValue(officeId);
        upsert.Parameters.AddWithValue(threshold);
        upsert.Parameters.AddWithValue(clock.GetUtcNow().ToUniversalTime());
        await upsert.ExecuteNonQueryAsync(ct);
        return TypedResults.Ok(new OfficeSettings(threshold));
    }

    private static ValidationProblem BadState(IReadOnlyList<string> states) => TypedResults.ValidationProblem(
        new Dictionary<string, string[]> { ["state"] = ["Einer von: " + string.Join(", ", states) + ". / One of these states."] },
        title: "Die Angaben sind nicht gültig. / The request is not valid.");
}
