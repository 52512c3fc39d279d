using Npgsql;
using Selbsthilfe.Events.Api.Domain;
using Selbsthilfe.Events.Contracts;

namespace Selbsthilfe.Events.Api.Scheduling;

/// <summary>What the public knows of a series' group, from the directory's events.</summary>
public sealed record GroupFacts(string? Name, bool IsPublic, bool AddressPublic);

public sealed record SeriesFilter
{
    public Guid? ListingId { get; init; }
    /// <summary>Any of these groups (the finder asks for the next meetings of a page of results at once).</summary>
    public IReadOnlyList<Guid>? ListingIds { get; init; }
    public string? OfficeId { get; init; }
    public string? Topic { get; init; }
    public string? Postcode { get; init; }
    public string? City { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    /// <summary>Series of this office are shown even when their group is not public (the office's own staff).</summary>
    public string? StaffOffice { get; init; }
    public bool PlatformAdmin { get; init; }
}

/// <summary>An occurrence as the API and calendar feeds show it.</summary>
public sealed record OccurrenceView
{
    public required Guid OccurrenceId { get; init; }
    public required Guid SeriesId { get; init; }
    public Guid? ListingId { get; init; }
    public required string OfficeId { get; init; }
    public required string Kind { get; init; }
    public string? Title { get; init; }
    /// <summary>The meeting's original local start (its RECURRENCE-ID), which addresses it for changes.</summary>
    public required string RecurrenceId { get; init; }
    public required DateTimeOffset Start { get; init; }
    public required DateTimeOffset End { get; init; }
    /// <summary>scheduled or cancelled.</summary>
    public required string Status { get; init; }
    public bool Moved { get; init; }
    public string? Note { get; init; }
    public required MeetingPlace Place { get; init; }
    /// <summary>Only for the office's own staff.</summary>
    public string? OnlineLink { get; init; }
    public int? Capacity { get; init; }
}

/// <summary>Finds the series a viewer may see, with their group's public facts, for occurrence lists and calendars.</summary>
public sealed class SeriesQuery(NpgsqlDataSource dataSource)
{
    public async Task<List<(Domain.Series Series, GroupFacts Group)>> FindAsync(SeriesFilter f, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var found = await SeriesStore.LoadAsync(connection, null, $"""
            SELECT {SeriesStore.Columns} FROM series s LEFT JOIN listings l ON l.id = s.listing_id
            WHERE ($1::uuid[] IS NULL OR s.listing_id = ANY($1))
              AND ($2::text IS NULL OR s.office_id = $2)
              AND ($3::text IS NULL OR $3 = ANY(l.topics))
              AND ($4::text IS NULL OR coalesce(s.postcode, l.postcode) LIKE $4 || '%')
              AND ($5::text IS NULL OR lower(coalesce(s.city, l.city)) = lower($5))
              AND ($6::timestamptz IS NULL OR s.ended_at IS NULL OR s.ended_at > $6)
              AND ($7::timestamptz IS NULL OR s.starts_local < ($7 AT TIME ZONE s.time_zone) + interval '1 day' OR cardinality(s.rdates) > 0)
              AND (s.listing_id IS NULL
                   OR (l.visibility = 'public' AND NOT l.withdrawn AND l.name IS NOT NULL)
                   OR (l.id IS NOT NULL AND s.office_id = $8)
                   OR $9)
            ORDER BY s.created_at, s.id
            """,
            [
                (object?)ListingIdsOf(f) ?? DBNull.Value, (object?)f.OfficeId ?? DBNull.Value, (object?)f.Topic ?? DBNull.Value,
                (object?)f.Postcode ?? DBNull.Value, (object?)f.City ?? DBNull.Value,
                (object?)f.From?.ToUniversalTime() ?? DBNull.Value, (object?)f.To?.ToUniversalTime() ?? DBNull.Value,
                (object?)f.StaffOffice ?? DBNull.Value, f.PlatformAdmin,
            ], ct);
        if (found.Count == 0) return [];

        var groups = new Dictionary<Guid, GroupFacts>();
        var listingIds = found.Where(s => s.ListingId is not null).Select(s => s.ListingId!.Value).Distinct().ToArray();
        if (listingIds.Length > 0)
        {
            await using var select = new NpgsqlCommand(
                "SELECT id, name, visibility = 'public' AND NOT withdrawn AND name IS NOT NULL, address_public FROM listings WHERE id = ANY($1)", connection);
            select.Parameters.AddWithValue(listingIds);
            await using var reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                groups[reader.GetGuid(0)] = new GroupFacts(reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetBoolean(2), reader.GetBoolean(3));
            }
        }
        var office = new GroupFacts(null, true, true);
        return found.Select(s => (s, s.ListingId is { } l ? groups.GetValueOrDefault(l, new GroupFacts(null, false, false)) : office)).ToList();
    }

    private static Guid[]? ListingIdsOf(SeriesFilter f) =>
        f.ListingIds?.ToArray() ?? (f.ListingId is { } one ? [one] : null);

    public async Task<bool> IsKnownListingAsync(Guid listingId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var select = new NpgsqlCommand("SELECT EXISTS (SELECT FROM listings WHERE id = $1)", connection);
        select.Parameters.AddWithValue(listingId);
        return await select.ExecuteScalarAsync(ct) is true;
    }

    /// <summary>Occurrences of the found series in [from, to), in start order.</summary>
    public static List<OccurrenceView> Occurrences(IEnumerable<(Domain.Series Series, GroupFacts Group)> found, DateTimeOffset from,
        DateTimeOffset to, string? staffOffice, bool platformAdmin)
    {
        var result = new List<OccurrenceView>();
        foreach (var (series, group) in found)
        {
            var insider = platformAdmin || series.OfficeId == staffOffice;
            foreach (var o in OccurrencePlan.For(series, from, to))
            {
                result.Add(new OccurrenceView
                {
                    OccurrenceId = o.Id,
                    SeriesId = series.Id,
                    ListingId = series.ListingId,
                    OfficeId = series.OfficeId,
                    Kind = series.Kind == SeriesKind.Event ? "event" : "series",
                    Title = series.Title ?? group.Name,
                    RecurrenceId = SeriesRules.FormatLocal(o.RecurrenceLocal),
                    Start = TimeZoneInfo.ConvertTime(o.StartsAt, series.Zone),
                    End = TimeZoneInfo.ConvertTime(o.EndsAt, series.Zone),
                    Status = o.Cancelled ? "cancelled" : "scheduled",
                    Moved = o.Moved,
                    Note = o.Note,
                    Place = Materialiser.PublicPlace(o.Place, insider || group.AddressPublic),
                    OnlineLink = insider ? o.Place.OnlineLink : null,
                    Capacity = series.Capacity,
                });
            }
        }
        result.Sort((a, b) => a.Start.CompareTo(b.Start) is var c && c != 0 ? c : a.OccurrenceId.CompareTo(b.OccurrenceId));
        return result;
    }
}
