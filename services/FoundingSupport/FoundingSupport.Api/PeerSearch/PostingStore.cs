using Npgsql;
using Selbsthilfe.FoundingSupport.Api.Contacts;
using Selbsthilfe.FoundingSupport.Api.Data;

namespace Selbsthilfe.FoundingSupport.Api.PeerSearch;

public sealed record Posting(Guid Id, string OfficeId, string Topic, string Postcode, string Text, string Locale, Guid PosterContactRef, string State,
    DateTimeOffset CreatedAt, DateTimeOffset? ModeratedAt, Guid? InitiativeId, int InterestedCount, bool PosterConfirmed)
{
    public OfficePosting ToOffice() => new(Id, Topic, Postcode, Text, Locale, State, CreatedAt, ModeratedAt, InterestedCount, InitiativeId, PosterConfirmed);

    public PublicPosting ToPublic() => new(Id, Topic, Postcode, Text, Locale, ModeratedAt ?? CreatedAt, InterestedCount);
}

/// <summary>Reads postings with their count of interested people (confirmed contacts only) and whether the poster confirmed.</summary>
public sealed class PostingStore(NpgsqlDataSource db) : OfficeStateRows<Posting>(db, $"""
    SELECT p.id, p.office_id, p.topic, p.postcode, p.text, p.locale, p.poster_contact_ref, p.state, p.created_at, p.moderated_at,
           p.initiative_id, (SELECT count(*)::int FROM posting_interests i WHERE i.posting_id = p.id AND {ConfirmedContacts.Counts("i.contact_ref")}),
           {ConfirmedContacts.Counts("p.poster_contact_ref")}
    FROM postings p
    """, "p")
{
    /// <summary>Released postings of a topic and/or an office's region, newest first.</summary>
    public async Task<List<Posting>> ReleasedAsync(string? topic, string? officeId, int limit, CancellationToken ct)
    {
        await using var select = Command("""
            WHERE p.state = 'released' AND ($1::text IS NULL OR p.topic = $1) AND ($2::text IS NULL OR p.office_id = $2)
            ORDER BY p.moderated_at DESC, p.id LIMIT $3
            """);
        select.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)topic ?? DBNull.Value);
        select.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)officeId ?? DBNull.Value);
        select.Parameters.AddWithValue(limit);
        return await ReadAsync(select, ct);
    }

    protected override Posting Read(NpgsqlDataReader reader) => new(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
        reader.GetString(4), reader.GetString(5), reader.GetGuid(6), reader.GetString(7), reader.GetFieldValue<DateTimeOffset>(8),
        reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9), reader.IsDBNull(10) ? null : reader.GetGuid(10), reader.GetInt32(11),
        reader.GetBoolean(12));
}
