using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using Selbsthilfe.GroupDirectory.Api.Domain;
using Selbsthilfe.GroupDirectory.Api.Federation;
using Selbsthilfe.GroupDirectory.Api.Listings;
using Selbsthilfe.GroupDirectory.Api.Offices;
using Selbsthilfe.GroupDirectory.Api.Taxonomy;
using Selbsthilfe.ServiceDefaults.Security;

namespace Selbsthilfe.GroupDirectory.Api.Endpoints;

public static class OfficeEndpoints
{
    public static IEndpointRouteBuilder MapOfficeEndpoints(this IEndpointRouteBuilder app)
    {
        var offices = app.MapGroup(Routes.Prefix + "/offices").WithTags("Offices");
        offices.MapGet("/", ListOffices).WithName("ListOffices");
        offices.MapGet("/{id}", GetOffice).WithName("GetOffice");
        offices.MapPost("/", RegisterOffice).WithName("RegisterOffice").RequireAuthorization(StaffPolicies.PlatformAdmin);
        offices.MapPut("/{id}", UpdateOffice).WithName("UpdateOffice").RequireAuthorization(StaffPolicies.OfficeAdmin);
        offices.MapGet("/{id}/listings", OfficeListings).WithName("ListOfficeListings").RequireAuthorization(StaffPolicies.OfficeStaff);
        offices.MapPost("/{id}/import", ImportListings).WithName("ImportOfficeListings").RequireAuthorization(StaffPolicies.OfficeStaff)
            .Accepts<string>("text/csv", "application/json");
        offices.MapGet("/{id}/tasks", OfficeTasks).WithName("ListOfficeTasks").RequireAuthorization(StaffPolicies.OfficeStaff);
        return app;
    }

    public sealed record OfficeResponse(string Id, string Name, IReadOnlyList<string> RegionPostcodePrefixes, OfficeContact Contact);

    public sealed record RegisterOfficeRequest(string? Id, string? Name, IReadOnlyList<string>? RegionPostcodePrefixes, OfficeContact? Contact);

    public sealed record UpdateOfficeRequest(string? Name, OfficeContact? Contact);

    /// <summary>A listing the office should look at, and why.</summary>
    public sealed record OfficeTask(string Kind, Guid ListingId, string ListingName, DateTimeOffset LastConfirmedAt);

    /// <summary>
    /// An office's own groups from a spreadsheet (text/csv) or JSON (application/json): a report of accepted and rejected
    /// rows; <c>dryRun=true</c> checks without writing.
    /// </summary>
    private static async Task<IResult> ImportListings(string id, HttpContext http, ListingUpload upload, NpgsqlDataSource db,
        CancellationToken ct, bool dryRun = false)
    {
        if (!http.User.IsStaffOf(id)) return OfficeForbidden();
        await using (var exists = db.CreateCommand("SELECT 1 FROM offices WHERE id = $1 AND peer_id IS NULL"))
        {
            exists.Parameters.AddWithValue(id);
            if (await exists.ExecuteScalarAsync(ct) is null)
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Kontaktstelle nicht gefunden. / Office not found.");
        }
        var mediaType = http.Request.GetTypedHeaders().ContentType?.MediaType.Value;
        if (mediaType is not ("text/csv" or "application/json"))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Bitte als text/csv oder application/json senden. / Send as text/csv or application/json.");
        }
        var (report, fileErrors) = await upload.RunAsync(id, http.Request.Body, mediaType == "application/json", dryRun, ct);
        return report is null
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = [.. fileErrors] })
            : TypedResults.Ok(report);
    }

    private const string SelectOffices = "SELECT id, name, region_postcode_prefixes, address, phone, email, website, opening_hours FROM offices";

    private static async Task<Ok<List<OfficeResponse>>> ListOffices(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var command = db.CreateCommand(SelectOffices + " ORDER BY id");
        return TypedResults.Ok(await ReadOffices(command, ct));
    }

    private static async Task<Results<Ok<OfficeResponse>, ProblemHttpResult>> GetOffice(string id, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var command = db.CreateCommand(SelectOffices + " WHERE id = $1");
        command.Parameters.AddWithValue(id);
        var office = (await ReadOffices(command, ct)).SingleOrDefault();
        return office is null ? OfficeNotFound() : TypedResults.Ok(office);
    }

    private static async Task<Results<Created<OfficeResponse>, ValidationProblem, ProblemHttpResult>> RegisterOffice(
        RegisterOfficeRequest request, OfficeRegistration registration, CancellationToken ct)
    {
        var errors = OfficeRules.Validate(request.Id, request.Name, request.RegionPostcodePrefixes, request.Contact);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var office = new Office(request.Id!, request.Name!.Trim(), request.RegionPostcodePrefixes!.Distinct().ToList(), request.Contact);
        if (!await registration.RegisterAsync(office, ct))
        {
            return TypedResults.Problem(statusCode: 409,
                title: "Eine Kontaktstelle mit dieser Kennung gibt es schon. / An office with this id already exists.");
        }
        return TypedResults.Created($"{Routes.Prefix}/offices/{office.Id}",
            new OfficeResponse(office.Id, office.Name, office.RegionPostcodePrefixes, office.Contact ?? new OfficeContact()));
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> UpdateOffice(
        string id, UpdateOfficeRequest request, HttpContext http, OfficeRegistration registration, CancellationToken ct)
    {
        if (!http.User.IsAdminOf(id)) return OfficeForbidden();
        var errors = OfficeRules.Validate(id, request.Name, ["0"], request.Contact);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        return await registration.UpdateAsync(new Office(id, request.Name!.Trim(), [], request.Contact), ct)
            ? TypedResults.NoContent()
            : OfficeNotFound();
    }

    /// <summary>All of the office's own listings, drafts and withdrawn ones included.</summary>
    private static async Task<Results<Ok<List<ListingView>>, ProblemHttpResult>> OfficeListings(
        string id, HttpContext http, ListingStore store, TopicTaxonomy taxonomy, TimeProvider clock, CancellationToken ct)
    {
        if (!http.User.IsStaffOf(id)) return OfficeForbidden();
        var viewer = Viewer.From(http.User);
        var now = clock.GetUtcNow();
        return TypedResults.Ok((await store.ListByOfficeAsync(id, ct)).Select(l => ListingProjection.Project(l, viewer, taxonomy, now)).OfType<ListingView>().ToList());
    }

    /// <summary>The office's to-do list: published listings it has not confirmed for twelve months.</summary>
    private static async Task<Results<Ok<List<OfficeTask>>, ProblemHttpResult>> OfficeTasks(
        string id, HttpContext http, TimeProvider clock, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!http.User.IsStaffOf(id)) return OfficeForbidden();
        await using var command = db.CreateCommand("""
            SELECT id, name, last_confirmed_at FROM listings
            WHERE office_id = $1 AND status = 'published' AND last_confirmed_at < $2 ORDER BY last_confirmed_at, id
            """);
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(clock.GetUtcNow().AddMonths(-ListingProjection.ConfirmationMonths));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var tasks = new List<OfficeTask>();
        while (await reader.ReadAsync(ct))
            tasks.Add(new OfficeTask("confirm-listing", reader.GetGuid(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2)));
        return TypedResults.Ok(tasks);
    }

    private static ProblemHttpResult OfficeNotFound() =>
        TypedResults.Problem(statusCode: 404, title: "Kontaktstelle nicht gefunden. / Office not found.");

    private static ProblemHttpResult OfficeForbidden() =>
        TypedResults.Problem(statusCode: 403, title: "Das ist Sache einer anderen Kontaktstelle. / This belongs to another office.");

    private static async Task<List<OfficeResponse>> ReadOffices(NpgsqlCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        var result = new List<OfficeResponse>();
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        while (await reader.ReadAsync(ct))
        {
            result.Add(new OfficeResponse(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<string[]>(2),
                new OfficeContact(Text(3), Text(4), Text(5), Text(6), Text(7))));
        }
        return result;
    }
}
