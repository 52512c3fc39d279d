using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Selbsthilfe.GroupDirectory.Api.Endpoints;

public static class OfficeEndpoints
{
    public static IEndpointRouteBuilder MapOfficeEndpoints(this IEndpointRouteBuilder app)
    {
        var offices = app.MapGroup(Routes.Prefix + "/offices").WithTags("Offices");
        offices.MapGet("/", ListOffices).WithName("ListOffices");
        return app;
    }

    public sealed record OfficeResponse(string Id, string Name, IReadOnlyList<string> RegionPostcodePrefixes);

    private static async Task<Ok<List<OfficeResponse>>> ListOffices(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var command = db.CreateCommand("SELECT id, name, region_postcode_prefixes FROM offices ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync(ct);
        var result = new List<OfficeResponse>();
        while (await reader.ReadAsync(ct))
        {
            result.Add(new OfficeResponse(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<string[]>(2)));
        }
        return TypedResults.Ok(result);
    }
}
