using Npgsql;
using Selbsthilfe.FoundingSupport.Api.Contacts;
using Selbsthilfe.FoundingSupport.Api.Data;
using Selbsthilfe.Messaging.Outbox;

namespace Selbsthilfe.FoundingSupport.Api.Initiatives;

/// <summary>Reads and writes initiatives and their interested people; only confirmed contacts count (<see cref="ConfirmedContacts"/>).</summary>
public sealed class InitiativeStore(NpgsqlDataSource db) : OfficeStateRows<Initiative>(db, $"""
    SELECT i.id, i.office_id, i.topic, i.postcode, i.locale, i.initiator_contact_ref, i.posting_id, i.state, i.counsellor, i.offer_online,
           i.peers_gathered_at, i.first_meeting_event_id, i.first_meeting_postcode, i.first_meeting_city, i.first_meeting_online, i.listing_id,
           i.abandon_reason, i.version, i.created_at, i.updated_at,
           (SELECT count(*)::int FROM initiative_members m WHERE m.initiative_id = i.id AND {ConfirmedContacts.Counts("m.contact_ref")})
    FROM initiatives i
    """, "i")
{
    public static async Task InsertAsync(DomainTransaction tx, Initiative i, CancellationToken ct)
    {
        await using var insert = tx.Command("""
            INSERT INTO initiatives (id, office_id, topic, postcode, locale, initiator_contact_ref, posting_id, state, version, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)
            """);
        var p = insert.Parameters;
        p.AddWithValue(i.Id);
        p.AddWithValue(i.OfficeId);
        p.AddWithValue(i.Topic);
        p.AddWithValue(i.Postcode);
        p.AddWithValue(i.Locale);
        p.AddWithValue(i.InitiatorContactRef);
        p.AddWithValue(NpgsqlTypes.NpgsqlDbType.Uuid, (object?)i.PostingId ?? DBNull.Value);
        p.AddWithValue(i.State);
        p.AddWithValue(i.Version);
        p.AddWithValue(i.CreatedAt.ToUniversalTime());
        await insert.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Writes what a step may change; the version goes up with every write.</summary>
    public static async Task UpdateAsync(DomainTransaction tx, Initiative i, CancellationToken ct)
    {
        await using var update = tx.Command("""
            UPDATE initiatives SET state = $2, counsellor = $3, offer_online = $4, peers_gathered_at = $5, first_meeting_event_id = $6,
                first_meeting_postcode = $7, first_meeting_city = $8, first_meeting_online = $9, listing_id = $10, abandon_reason = $11,
                version = $12, updated_at = $13
            WHERE id = $1
            """);
        var p = update.Parameters;
        p.AddWithValue(i.Id);
        p.AddWithValue(i.State);
        p.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)i.Counsellor ?? DBNull.Value);
        p.AddWithValue(i.OfferOnline);
        p.AddWithValue(NpgsqlTypes.NpgsqlDbType.TimestampTz, (object?)i.PeersGatheredAt?.ToUniversalTime() ?? DBNull.Value);
        p.AddWithValue(NpgsqlTypes.NpgsqlDbType.Uuid, (object?)i.FirstMeetingEventId ?? DBNull.Value);
        p.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)i.FirstMeetingPostcode ?? DBNull.Value);
        p.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)i.FirstMeetingCity ?? DBNull.Value);
        p.AddWithValue(NpgsqlTypes.NpgsqlDbType.Boolean, (object?)i.FirstMeetingOnline ?? DBNull.Value);
        p.AddWithValue(NpgsqlTypes.NpgsqlDbType.Uuid, (object?)i.ListingId ?? DBNull.Value);
        p.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)i.AbandonReason ?? DBNull.Value);
        p.AddWithValue(i.Version);
        p.AddWithValue(i.UpdatedAt.ToUniversalTime());
        await update.ExecuteNonQueryAsync(ct);
    }

    /// <returns>True when the person is new to the initiative.</returns>
    public static async Task<bool> AddMemberAsync(DomainTransaction tx, Guid id, Guid contactRef, DateTimeOffset now, CancellationToken ct)
    {
        await using var insert = tx.Command("INSERT INTO initiative_members (initiative_id, contact_ref, joined_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING");
        insert.Parameters.AddWithValue(id);
        insert.Parameters.AddWithValue(contactRef);
        insert.Parameters.AddWithValue(now.ToUniversalTime());
        return await insert.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>The interested people, earliest first: all of them, or only those whose addresses are confirmed.</summary>
    public static async Task<List<Guid>> MembersAsync(DomainTransaction tx, Guid id, bool confirmedOnly, CancellationToken ct)
    {
        await using var select = tx.Command($"""
            SELECT contact_ref FROM initiative_members m WHERE initiative_id = $1 AND (NOT $2 OR {ConfirmedContacts.Counts("m.contact_ref")})
            ORDER BY joined_at, contact_ref
            """);
        select.Parameters.AddWithValue(id);
        select.Parameters.AddWithValue(confirmedOnly);
        return await Rows.GuidsAsync(select, ct);
    }

    /// <returns>Whether this consent is new.</returns>
    public static async Task<bool> ConsentAsync(DomainTransaction tx, Guid id, Guid contactRef, DateTimeOffset now, CancellationToken ct)
    {
        await using var insert = tx.Command("""
            INSERT INTO contact_consents (initiative_id, contact_ref, consented_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING
            """);
        insert.Parameters.AddWithValue(id);
        insert.Parameters.AddWithValue(contactRef);
        insert.Parameters.AddWithValue(now.ToUniversalTime());
        return await insert.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>The confirmed contacts who consented to share their contact, in the order of consent.</summary>
    public static async Task<List<Guid>> ConsentingAsync(DomainTransaction tx, Guid id, CancellationToken ct)
    {
        await using var select = tx.Command($"""
            SELECT contact_ref FROM contact_consents c WHERE initiative_id = $1 AND {ConfirmedContacts.Counts("c.contact_ref")} ORDER BY seq
            """);
        select.Parameters.AddWithValue(id);
        return await Rows.GuidsAsync(select, ct);
    }

    public static async Task<bool> HasConsentedAsync(DomainTransaction tx, Guid id, Guid contactRef, CancellationToken ct)
    {
        await using var select = tx.Command("SELECT EXISTS (SELECT FROM contact_consents WHERE initiative_id = $1 AND contact_ref = $2)");
        select.Parameters.AddWithValue(id);
        select.Parameters.AddWithValue(contactRef);
        return await select.ExecuteScalarAsync(ct) is true;
    }

    /// <summary>The initiatives a contact joined or consented in, so that a late confirmation can count there.</summary>
    public static async Task<List<Guid>> OfContactAsync(DomainTransaction tx, Guid contactRef, CancellationToken ct)
    {
        await using var select = tx.Command("""
            SELECT initiative_id FROM initiative_members WHERE contact_ref = $1
            UNION SELECT initiative_id FROM contact_consents WHERE contact_ref = $1
            ORDER BY 1
            """);
        select.Parameters.AddWithValue(contactRef);
        return await Rows.GuidsAsync(select, ct);
    }

    protected override Initiative Read(NpgsqlDataReader reader)
    {
        T? Null<T>(int i) where T : struct => reader.IsDBNull(i) ? null : reader.GetFieldValue<T>(i);
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        return new Initiative
        {
            Id = reader.GetGuid(0), OfficeId = reader.GetString(1), Topic = reader.GetString(2), Postcode = reader.GetString(3),
            Locale = reader.GetString(4), InitiatorContactRef = reader.GetGuid(5), PostingId = Null<Guid>(6), State = reader.GetString(7),
            Counsellor = Text(8), OfferOnline = reader.GetBoolean(9), PeersGatheredAt = Null<DateTimeOffset>(10),
            FirstMeetingEventId = Null<Guid>(11), FirstMeetingPostcode = Text(12), FirstMeetingCity = Text(13), FirstMeetingOnline = Null<bool>(14),
            ListingId = Null<Guid>(15), AbandonReason = Text(16), Version = reader.GetInt32(17),
            CreatedAt = reader.GetFieldValue<DateTimeOffset>(18), UpdatedAt = reader.GetFieldValue<DateTimeOffset>(19), InterestedCount = reader.GetInt32(20),
        };
    }
}
