using System.Diagnostics;

namespace Selbsthilfe.Bench;

/// <summary>One sample: a closed loop of <c>connections</c> concurrent GETs for a fixed time.</summary>
public sealed record LoadSample(double RequestsPerSecond, double P50Ms, double P99Ms, long Errors);

public static class HttpLoad
{
    public static async Task<LoadSample> RunAsync(HttpClient client, Uri url, int connections, TimeSpan duration)
    {
        var latencies = new List<long>[connections];
        long errors = 0;
        var clock = Stopwatch.StartNew();
        var stopAt = duration.Ticks * Stopwatch.Frequency / TimeSpan.TicksPerSecond;
        var workers = Enumerable.Range(0, connections).Select(async worker =>
        {
            var mine = latencies[worker] = new List<long>(100_000);
            while (clock.ElapsedTicks < stopAt)
            {
                var start = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync(url, HttpCompletionOption.ResponseContentRead);
                if (!response.IsSuccessStatusCode) Interlocked.Increment(ref errors);
                mine.Add(Stopwatch.GetTimestamp() - start);
            }
        }).ToArray();
        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed.TotalSeconds;

        var all = latencies.SelectMany(l => l).Order().ToArray();
        double Ms(double quantile) => all.Length == 0 ? double.NaN
            : all[Math.Min(all.Length - 1, (int)(quantile * all.Length))] * 1000.0 / Stopwatch.Frequency;
        return new LoadSample(all.Length / elapsed, Ms(0.50), Ms(0.99), errors);
    }

    public static HttpClient CreateClient(int connections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseProxy = false,
    })
    { Timeout = TimeSpan.FromSeconds(30) };
}
