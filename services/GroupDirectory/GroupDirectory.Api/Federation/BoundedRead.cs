namespace Selbsthilfe.GroupDirectory.Api.Federation;

/// <summary>Reads a whole upload into memory, but stops at a limit instead of trusting a stream of unknown length.</summary>
internal static class BoundedRead
{
    /// <summary>The stream's bytes, or null when there are more than <paramref name="maxBytes"/>.</summary>
    public static byte[]? All(Stream stream, int maxBytes)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes) return null;
        }
        return buffer.ToArray();
    }

    public static async Task<byte[]?> AllAsync(Stream stream, int maxBytes, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes) return null;
        }
        return buffer.ToArray();
    }
}
