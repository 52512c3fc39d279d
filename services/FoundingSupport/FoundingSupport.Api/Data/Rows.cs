using Npgsql;

namespace Selbsthilfe.FoundingSupport.Api.Data;

public static class Rows
{
    /// <summary>The first column of every row, as Guids, in the order of the query.</summary>
    public static async Task<List<Guid>> GuidsAsync(NpgsqlCommand select, CancellationToken ct)
    {
        var result = new List<Guid>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) result.Add(reader.GetGuid(0));
        return result;
    }
}
