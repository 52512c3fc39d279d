using Npgsql;
using Selbsthilfe.Messaging.Outbox;

namespace Selbsthilfe.FoundingSupport.Api.Contacts;

/// <summary>
/// Which contact references count: those whose owners confirmed their address with Notifications and did not erase
/// it. Anything else (a random Guid, an address nobody confirmed) is kept as pending and counted once the confirmation
/// arrives; it never raises an event on its own.
/// </summary>
public static class ConfirmedContacts
{
    /// <summary>SQL condition: the reference in <paramref name="column"/> is confirmed and not erased.</summary>
    public static string Counts(string column) =>
        $"EXISTS (SELECT FROM confirmed_contacts cc WHERE cc.contact_ref = {column} AND cc.confirmed_at IS NOT NULL AND cc.erased_at IS NULL)";

    public static async Task<bool> IsConfirmedAsync(DomainTransaction tx, Guid contactRef, CancellationToken ct)
    {
        await using var select = tx.Command($"SELECT {Counts("$1")}");
        select.Parameters.AddWithValue(contactRef);
        return await select.ExecuteScalarAsync(ct) is true;
    }

    /// <returns>True when the reference is newly confirmed (not known before, and not erased).</returns>
    public static async Task<bool> ConfirmAsync(DomainTransaction tx, Guid contactRef, DateTimeOffset at, CancellationToken ct)
    {
        await using var insert = tx.Command("INSERT INTO confirmed_contacts (contact_ref, confirmed_at) VALUES ($1, $2) ON CONFLICT DO NOTHING");
        insert.Parameters.AddWithValue(contactRef);
        insert.Parameters.AddWithValue(at.ToUniversalTime());
        return await insert.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>
    /// The reference counts no more, and what was held under it goes: interest, membership, consent. Postings and
    /// initiatives it started stay with their office, without a contact that answers.
    /// </summary>
    public static async Task EraseAsync(DomainTransaction tx, Guid contactRef, DateTimeOffset at, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(tx.Connection, tx.Transaction);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            INSERT INTO confirmed_contacts (contact_ref, erased_at) VALUES ($1, $2) ON CONFLICT (contact_ref) DO UPDATE SET erased_at = excluded.erased_at
            """) { Parameters = { new() { Value = contactRef }, new() { Value = at.ToUniversalTime() } } });
        foreach (var table in new[] { "posting_interests", "initiative_members", "contact_consents" })
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"DELETE FROM {table} WHERE contact_ref = $1") { Parameters = { new() { Value = contactRef } } });
        }
        await batch.ExecuteNonQueryAsync(ct);
    }
}
