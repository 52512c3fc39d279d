using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using Selbsthilfe.GroupDirectory.Api.Domain;
using Selbsthilfe.GroupDirectory.Contracts;
using Selbsthilfe.Messaging.Outbox;

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
        RegisterOfficeRequest request, TransactionalOutbox outbox, TimeProvider clock, CancellationToken ct)
    {
        var errors = OfficeRules.Validate(request.Id, request.Name, request.RegionPostcodePrefixes);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var office = new OfficeResponse(request.Id!, request.Name!.Trim(), request.RegionPostcodePrefixes!.Distinct().ToList());
        await using var tx = await outbox.BeginAsync(ct);
        await using (var insert = tx.Command(
            "INSERT INTO offices (id, name, region_postcode_prefixes) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING"))
        {
            insert.Parameters.AddWithValue(office.Id);
            insert.Parameters.AddWithValue(office.Name);
            insert.Parameters.AddWithValue(office.RegionPostcodePrefixes.ToArray());
            if (await insert.ExecuteNonQueryAsync(ct) == 0)
            {
                return TypedResults.Problem(statusCode: 409,
                    title: "Eine Kontaktstelle mit dieser Kennung gibt es schon. / An office with this id already exists.");
            }
        }
        await tx.RaiseAsync(office.Id, new OfficeRegistered
        {
            OfficeId = office.Id,
            Name = office.Name,
            RegionPostcodePrefixes = office.RegionPostcodePrefixes,
            RegisteredAt = clock.GetUtcNow(),
        }, ct);
        await tx.CommitAsync(ct);
        return TypedResults.Created($"{Routes.Prefix}/offices/{office.Id}", office);
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
