using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Selbsthilfe.Notifications.Api.Privacy;

/// <summary>Keys under <c>Notifications:Keys</c>: base64 of 32 random bytes each.</summary>
public sealed class KeyOptions
{
    public const string Section = "Notifications:Keys";

    /// <summary>Encryption keys by id. New ciphertexts use <see cref="Current"/>; older ones stay readable.</summary>
    public Dictionary<string, string> Encryption { get; set; } = [];

    /// <summary>The id of the key new ciphertexts are written with.</summary>
    public string Current { get; set; } = "";

    /// <summary>Key of the blind index (HMAC) by which an address is found.</summary>
    public string BlindIndex { get; set; } = "";

    /// <summary>Key that signs the links in mails (confirmation, management, unsubscribe).</summary>
    public string Links { get; set; } = "";
}

/// <summary>
/// Encrypts e-mail addresses at rest (AES-256-GCM with a fresh nonce each time; the key id travels with the
/// ciphertext, so a rotated key leaves old rows readable) and derives the keyed blind index that finds an address
/// without storing it: HMAC-SHA256 of the normalised address. Without the keys the database holds nothing readable.
/// </summary>
public sealed class EmailProtector
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly Dictionary<string, byte[]> _keys;
    private readonly string _current;
    private readonly byte[] _indexKey;

    public EmailProtector(IOptions<KeyOptions> options)
    {
        var o = options.Value;
        _keys = o.Encryption.ToDictionary(k => k.Key, k => Key(k.Value, $"Encryption:{k.Key}"));
        if (!_keys.ContainsKey(o.Current)) throw new InvalidOperationException($"{KeyOptions.Section}:Current names no configured encryption key.");
        _current = o.Current;
        _indexKey = Key(o.BlindIndex, "BlindIndex");
    }

    public static string Normalise(string email) => email.Trim().ToLowerInvariant();

    public byte[] BlindIndex(string email) => HMACSHA256.HashData(_indexKey, Encoding.UTF8.GetBytes(Normalise(email)));

    public (byte[] Cipher, string KeyId) Encrypt(string email)
    {
        var plain = Encoding.UTF8.GetBytes(Normalise(email));
        var output = new byte[NonceSize + TagSize + plain.Length];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_keys[_current], TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize), Encoding.UTF8.GetBytes(_current));
        return (output, _current);
    }

    public string Decrypt(byte[] cipher, string keyId)
    {
        if (!_keys.TryGetValue(keyId, out var key)) throw new CryptographicException($"Encryption key '{keyId}' is not configured.");
        var plain = new byte[cipher.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(cipher.AsSpan(0, NonceSize), cipher.AsSpan(NonceSize + TagSize), cipher.AsSpan(NonceSize, TagSize), plain,
            Encoding.UTF8.GetBytes(keyId));
        return Encoding.UTF8.GetString(plain);
    }

    public string CurrentKeyId => _current;

    internal static byte[] Key(string base64, string name)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{KeyOptions.Section}:{name} is not base64.");
        }
        return key.Length == 32 ? key : throw new InvalidOperationException($"{KeyOptions.Section}:{name} must be 32 bytes.");
    }
}

/// <summary>
/// Signed, expiring tokens for links in mails: members have no passwords. A token names a purpose and a subject id
/// and carries an HMAC over both and the expiry; nothing about the member is in it.
/// </summary>
public sealed class LinkTokens(IOptions<KeyOptions> options)
{
    private readonly byte[] _key = EmailProtector.Key(options.Value.Links, "Links");

    public string Create(string purpose, Guid subject, DateTimeOffset expires)
    {
        var payload = $"{purpose}.{subject:N}.{expires.ToUnixTimeSeconds()}";
        return payload + "." + Base64Url(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(payload)));
    }

    /// <returns>The subject, or null when the token is forged, for another purpose, or expired.</returns>
    public Guid? Verify(string? token, string purpose, DateTimeOffset now)
    {
        var parts = token?.Split('.');
        if (parts is not { Length: 4 } || parts[0] != purpose) return null;
        var payload = $"{parts[0]}.{parts[1]}.{parts[2]}";
        var expected = Base64Url(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(payload)));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(parts[3]))) return null;
        if (!long.TryParse(parts[2], out var seconds) || DateTimeOffset.FromUnixTimeSeconds(seconds) < now) return null;
        return Guid.TryParseExact(parts[1], "N", out var subject) ? subject : null;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
