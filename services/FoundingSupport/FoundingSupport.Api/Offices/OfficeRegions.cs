using Npgsql;

namespace Selbsthilfe.FoundingSupport.Api.Offices;

/// <summary>An office as Founding knows it from OfficeRegistered: its id and the postcode prefixes of its region.</summary>
public sealed record RegionOffice(string Id, string[] RegionPostcodePrefixes);

/// <summary>Which office serves a postcode, and what it decided for its region.</summary>
public static class OfficeRegions
{
    /// <summary>The office whose region prefix matches the postcode longest ("144" beats "14"); null when none does.</summary>
    public static async Task<RegionOffice?> ResponsibleAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, string postcode, CancellationToken ct)
    {
        await using var select = new NpgsqlCommand("""
            SELECT o.id, o.region_postcode_prefixes FROM offices o CROSS JOIN LATERAL unnest(o.region_postcode_prefixes) AS p (prefix)
            WHERE left($1, length(p.prefix)) = p.prefix
            ORDER BY length(p.prefix) DESC, o.id LIMIT 1
            """, connection, tx);
        select.Parameters.AddWithValue(postcode);
        await using var reader = await select.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new RegionOffice(reader.GetString(0), reader.GetFieldValue<string[]>(1)) : null;
    }

    /// <summary>How many interested people the office wants before it tells the initiator and itself.</summary>
    public static async Task<int> PeerThresholdAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, string officeId, int fallback, CancellationToken ct)
    {
        await using var select = new NpgsqlCommand("SELECT peer_threshold FROM office_settings WHERE office_id = $1", connection, tx);
        select.Parameters.AddWithValue(officeId);
        return await select.ExecuteScalarAsync(ct) as int? ?? fallback;
    }
}
