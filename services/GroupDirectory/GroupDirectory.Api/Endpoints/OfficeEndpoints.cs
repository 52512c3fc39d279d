using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using Selbsthilfe.GroupDirectory.Api.Domain;
using Selbsthilfe.GroupDirectory.Api.Offices;

namespace Selbsthilfe.GroupDirectory.Api.Endpoints;

public static class OfficeEndpoints
{
    public static IEndpointRouteBuilder MapOfficeEndpoints(this IEndpointRouteBuilder app)
    {
        var offices = app.MapGroup(Routes.Prefix + "/offices").WithTags("Offices");
        offices.MapGet("/", ListOffices).WithName("ListOffices");
        offices.MapGet("/{id}", GetOffice).WithName("GetOffice");
        offices.MapPost("/", RegisterOffice).WithName("RegisterOffice");
        return app;
    }

    public sealed record OfficeResponse(string Id, string Name, IReadOnlyList<string> RegionPostcodePrefixes);

    public sealed record RegisterOfficeRequest(string? Id, string? Name, IReadOnlyList<string>? RegionPostcodePrefixes);

    private const string SelectOffices = "SELECT id, name, region_postcode_prefixes FROM offices";

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
        return office is null
            ? TypedResults.Problem(statusCode: 404, title: "Kontaktstelle nicht gefunden. / Office not found.")
            : TypedResults.Ok(office);
    }

    private static async Task<Results<Created<OfficeResponse>, ValidationProblem, ProblemHttpResult>> RegisterOffice(
        RegisterOfficeRequest request, OfficeRegistration registration, CancellationToken ct)
    {
        var errors = OfficeRules.Validate(request.Id, request.Name, request.RegionPostcodePrefixes);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var office = new Office(request.Id!, request.Name!.Trim(), request.RegionPostcodePrefixes!.Distinct().ToList());
        if (!await registration.RegisterAsync(office, ct))
        {
            return TypedResults.Problem(statusCode: 409,
                title: "Eine Kontaktstelle mit dieser Kennung gibt es schon. / An office with this id already exists.");
        }
        return TypedResults.Created($"{Routes.Prefix}/offices/{office.Id}",
            new OfficeResponse(office.Id, office.Name, office.RegionPostcodePrefixes));
    }

    private static async Task<List<OfficeResponse>> ReadOffices(NpgsqlCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        var result = new List<OfficeResponse>();
        while (await reader.ReadAsync(ct))
        {
            result.Add(new OfficeResponse(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<string[]>(2)));
        }
        return result;
    }
}
