using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Selbsthilfe.GroupDirectory.Api.Federation;

public sealed record IssuedKey(Guid Id, string PeerName, string Key, DateTimeOffset CreatedAt);

public sealed record KeyInfo(Guid Id, string PeerName, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>
/// Keys that let a peer read our feed at the office-network level. A platform admin issues one per peer; the key is
/// shown once and only its SHA-256 hash is kept (keys are 256 random bits, so a plain hash is enough); revoking takes
/// effect at the next request.
/// </summary>
public sealed class FederationKeys(NpgsqlDataSource db, TimeProvider clock)
{
    public const string Header = "X-Federation-Key";

    public async Task<IssuedKey> IssueAsync(string peerName, CancellationToken ct)
    {
        var key = "shfk_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var issued = new IssuedKey(Guid.CreateVersion7(), peerName, key, clock.GetUtcNow());
        await using var command = db.CreateCommand("INSERT INTO federation_keys (id, peer_name, key_hash, created_at) VALUES ($1, $2, $3, $4)");
        command.Parameters.AddWithValue(issued.Id);
        command.Parameters.AddWithValue(peerName);
        command.Parameters.AddWithValue(Hash(key));
        command.Parameters.AddWithValue(issued.CreatedAt);
        await command.ExecuteNonQueryAsync(ct);
        return issued;
    }

    /// <returns>False when no such key exists.</returns>
    public async Task<bool> RevokeAsync(Guid id, CancellationToken ct)
    {
        await using var command = db.CreateCommand("UPDATE federation_keys SET revoked_at = coalesce(revoked_at, $2) WHERE id = $1");
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(clock.GetUtcNow());
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task<IReadOnlyList<KeyInfo>> ListAsync(CancellationToken ct)
    {
        await using var command = db.CreateCommand("SELECT id, peer_name, created_at, revoked_at FROM federation_keys ORDER BY created_at");
        var keys = new List<KeyInfo>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            keys.Add(new KeyInfo(reader.GetGuid(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3)));
        }
        return keys;
    }

    /// <returns>The peer's name for a valid, unrevoked key; null otherwise.</returns>
    public async Task<string?> VerifyAsync(string key, CancellationToken ct)
    {
        await using var command = db.CreateCommand("SELECT peer_name FROM federation_keys WHERE key_hash = $1 AND revoked_at IS NULL");
        command.Parameters.AddWithValue(Hash(key));
        return await command.ExecuteScalarAsync(ct) as string;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
