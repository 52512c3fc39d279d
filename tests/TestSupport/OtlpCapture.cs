using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Text;

namespace Selbsthilfe.TestSupport;

/// <summary>
/// A minimal OTLP/HTTP receiver: every process of the platform exports its traces here (protobuf), and a test asks
/// which services exported spans of a given trace. It looks for the 16 raw trace-id bytes and the service name in each
/// export request instead of decoding protobuf: enough to prove one trace crosses processes.
/// </summary>
public sealed class OtlpCapture : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<byte[]> _traceExports = new();

    public OtlpCapture()
    {
        Endpoint = new Uri($"http://127.0.0.1:{FreePorts.Next()}/");
        _listener.Prefixes.Add(Endpoint.ToString());
        _listener.Start();
        _ = Task.Run(ReceiveAsync);
    }

    public Uri Endpoint { get; }

    /// <summary>
    /// Whether the projects keep the OpenTelemetry SDK's own export intervals (traces every 5 s, metrics every 60 s), as
    /// against a collector in production; otherwise traces come every 200 ms (a test waits for them) and metrics every
    /// second (Aspire's development setting).
    /// </summary>
    public bool SdkIntervals { get; init; }

    /// <summary>Names among <paramref name="services"/> whose exports contain a span of <paramref name="traceId"/>.</summary>
    public IReadOnlySet<string> ServicesWithTrace(string traceId, IEnumerable<string> services, string? spanNameInSameExport = null)
    {
        var id = Convert.FromHexString(traceId);
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var export in _traceExports)
        {
            if (export.AsSpan().IndexOf(id) < 0) continue;
            if (spanNameInSameExport is not null && export.AsSpan().IndexOf(Encoding.UTF8.GetBytes(spanNameInSameExport)) < 0) continue;
            foreach (var service in services)
            {
                // service.name is a string attribute: length-prefixed UTF-8, preceded by its length byte.
                var name = Encoding.UTF8.GetBytes(service);
                var encoded = new byte[name.Length + 1];
                encoded[0] = (byte)name.Length;
                name.CopyTo(encoded, 1);
                if (export.AsSpan().IndexOf(encoded) >= 0) found.Add(service);
            }
        }
        return found;
    }

    private async Task ReceiveAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            using var body = new MemoryStream();
            var input = context.Request.Headers["Content-Encoding"] == "gzip"
                ? new GZipStream(context.Request.InputStream, CompressionMode.Decompress)
                : context.Request.InputStream;
            await input.CopyToAsync(body);
            if (context.Request.Url!.AbsolutePath.EndsWith("/v1/traces", StringComparison.Ordinal)) _traceExports.Enqueue(body.ToArray());
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    public void Dispose() => _listener.Close();
}
