using Npgsql;
using Selbsthilfe.FoundingSupport.Api.Offices;

namespace Selbsthilfe.FoundingSupport.Api.Suggestions;

/// <summary>An existing group that may make founding a new one unnecessary.</summary>
public sealed record SuggestedGroup(Guid ListingId, string Name, string? Postcode, string? City, string Openness, string Setting);

/// <summary>
/// Before a duplicate is founded: published, public groups on the same topic that still take people (open or waiting
/// list), in the office's region or the same postcode area, nearest first (longest common postcode prefix); online
/// groups of the topic come last, wherever they are.
/// </summary>
public static class GroupSuggestions
{
    public const int Limit = 5;

    public static async Task<List<SuggestedGroup>> FindAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, string topic, string postcode,
        RegionOffice office, CancellationToken ct)
    {
        await using var select = new NpgsqlCommand("""
            SELECT l.id, l.name, l.postcode, l.city, coalesce(l.openness, 'open'), coalesce(l.setting, 'in-person')
            FROM listings l
            WHERE NOT l.withdrawn AND l.visibility = 'public' AND l.name IS NOT NULL AND $1 = ANY (l.topics)
              AND coalesce(l.openness, 'open') <> 'closed'
              AND (l.setting = 'online' OR left(l.postcode, 3) = left($2, 3)
                   OR EXISTS (SELECT FROM unnest($3::text[]) AS p (prefix) WHERE left(l.postcode, length(p.prefix)) = p.prefix))
            ORDER BY l.setting = 'online',
                     (SELECT max(n) FROM generate_series(0, 5) AS n WHERE left(coalesce(l.postcode, ''), n) = left($2, n)) DESC,
                     l.name, l.id
            LIMIT $4
            """, connection, tx);
        select.Parameters.AddWithValue(topic);
        select.Parameters.AddWithValue(postcode);
        select.Parameters.AddWithValue(office.RegionPostcodePrefixes);
        select.Parameters.AddWithValue(Limit);
        var groups = new List<SuggestedGroup>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            groups.Add(new SuggestedGroup(reader.GetGuid(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4), reader.GetString(5)));
        }
        return groups;
    }
}
