using Selbsthilfe.GroupDirectory.Contracts;
using Selbsthilfe.Messaging.Outbox;

namespace Selbsthilfe.GroupDirectory.Api.Offices;

/// <summary>An office's public contact details, as on its own web pages (an organisation's, never a person's).</summary>
public sealed record OfficeContact(string? Address = null, string? Phone = null, string? Email = null, string? Website = null, string? OpeningHours = null);

public sealed record Office(string Id, string Name, IReadOnlyList<string> RegionPostcodePrefixes, OfficeContact? Contact = null);

/// <summary>Registers and updates offices; registration raises <see cref="OfficeRegistered"/> in the same transaction.</summary>
public sealed class OfficeRegistration(TransactionalOutbox outbox, TimeProvider clock)
{
    /// <returns>False when an office with this id exists already (nothing is changed).</returns>
    public async Task<bool> RegisterAsync(Office office, CancellationToken ct)
    {
        await using var tx = await outbox.BeginAsync(ct);
        await using (var insert = tx.Command("""
            INSERT INTO offices (id, name, address, phone, email, website, opening_hours, region_postcode_prefixes)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING
            """))
        {
            AddParameters(insert, office);
            insert.Parameters.AddWithValue(office.RegionPostcodePrefixes.ToArray());
            if (await insert.ExecuteNonQueryAsync(ct) == 0) return false;
        }
        await tx.RaiseAsync(office.Id, new OfficeRegistered
        {
            OfficeId = office.Id,
            Name = office.Name,
            RegionPostcodePrefixes = office.RegionPostcodePrefixes,
            RegisteredAt = clock.GetUtcNow(),
            Email = office.Contact?.Email,
        }, ct);
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>Changes name and contact details; the region stays (offices' regions are agreed, not edited).</summary>
    /// <returns>False when there is no such office.</returns>
    public async Task<bool> UpdateAsync(Office office, CancellationToken ct)
    {
        await using var tx = await outbox.BeginAsync(ct);
        await using var update = tx.Command("""
            UPDATE offices SET name = $2, address = $3, phone = $4, email = $5, website = $6, opening_hours = $7 WHERE id = $1
            """);
        AddParameters(update, office);
        var found = await update.ExecuteNonQueryAsync(ct) == 1;
        await tx.CommitAsync(ct);
        return found;
    }

    private static void AddParameters(Npgsql.NpgsqlCommand command, Office office)
    {
        var contact = office.Contact ?? new OfficeContact();
        command.Parameters.AddWithValue(office.Id);
        command.Parameters.AddWithValue(office.Name);
        foreach (var value in new[] { contact.Address, contact.Phone, contact.Email, contact.Website, contact.OpeningHours })
            command.Parameters.AddWithValue((object?)value ?? DBNull.Value);
    }
}
