using Selbsthilfe.GroupDirectory.Contracts;
using Selbsthilfe.Messaging.Outbox;

namespace Selbsthilfe.GroupDirectory.Api.Offices;

public sealed record Office(string Id, string Name, IReadOnlyList<string> RegionPostcodePrefixes);

/// <summary>Registers an office and raises <see cref="OfficeRegistered"/> in the same transaction.</summary>
public sealed class OfficeRegistration(TransactionalOutbox outbox, TimeProvider clock)
{
    /// <returns>False when an office with this id exists already (nothing is changed).</returns>
    public async Task<bool> RegisterAsync(Office office, CancellationToken ct)
    {
        await using var tx = await outbox.BeginAsync(ct);
        await using (var insert = tx.Command(
            "INSERT INTO offices (id, name, region_postcode_prefixes) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING"))
        {
            insert.Parameters.AddWithValue(office.Id);
            insert.Parameters.AddWithValue(office.Name);
            insert.Parameters.AddWithValue(office.RegionPostcodePrefixes.ToArray());
            if (await insert.ExecuteNonQueryAsync(ct) == 0) return false;
        }
        await tx.RaiseAsync(office.Id, new OfficeRegistered
        {
            OfficeId = office.Id,
            Name = office.Name,
            RegionPostcodePrefixes = office.RegionPostcodePrefixes,
            RegisteredAt = clock.GetUtcNow(),
        }, ct);
        await tx.CommitAsync(ct);
        return true;
    }
}
