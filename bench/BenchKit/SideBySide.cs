using System.Globalization;
using System.Text;

namespace Selbsthilfe.Bench;

public sealed record SideBySideResult(IReadOnlyList<LoadSample> A, IReadOnlyList<LoadSample> B)
{
    public LoadSample MedianA => Median(A);
    public LoadSample MedianB => Median(B);
    public double Ratio => MedianB.RequestsPerSecond / MedianA.RequestsPerSecond;

    public string Format(string nameA, string nameB)
    {
        var a = MedianA;
        var b = MedianB;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"  {nameA,-8} {a.RequestsPerSecond,10:F0} req/s   p50 {a.P50Ms,7:F2} ms   p99 {a.P99Ms,7:F2} ms   errors {A.Sum(s => s.Errors)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  {nameB,-8} {b.RequestsPerSecond,10:F0} req/s   p50 {b.P50Ms,7:F2} ms   p99 {b.P99Ms,7:F2} ms   errors {B.Sum(s => s.Errors)}");
        text.Append(CultureInfo.InvariantCulture, $"  ratio {nameB} ÷ {nameA}: {Ratio:F2}   added latency p50 {b.P50Ms - a.P50Ms:+0.00;-0.00} ms, p99 {b.P99Ms - a.P99Ms:+0.00;-0.00} ms");
        return text.ToString();
    }

    private static LoadSample Median(IReadOnlyList<LoadSample> samples)
    {
        static double Mid(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        }
        return new LoadSample(Mid(samples.Select(s => s.RequestsPerSecond)), Mid(samples.Select(s => s.P50Ms)),
            Mid(samples.Select(s => s.P99Ms)), samples.Sum(s => s.Errors));
    }
}

public static class SideBySide
{
    /// <summary>
    /// Warms both arms up, then runs A-B-B-A three times so that drift (JIT tiering, caches, a busy neighbour) hits
    /// both arms alike.
    /// </summary>
    public static async Task<SideBySideResult> RunAsync(Uri a, Uri b, int connections, TimeSpan sample)
    {
        using var client = HttpLoad.CreateClient(connections);
        await HttpLoad.RunAsync(client, a, connections, TimeSpan.FromSeconds(2));
        await HttpLoad.RunAsync(client, b, connections, TimeSpan.FromSeconds(2));

        var samplesA = new List<LoadSample>();
        var samplesB = new List<LoadSample>();
        for (var round = 0; round < 3; round++)
        {
            samplesA.Add(await HttpLoad.RunAsync(client, a, connections, sample));
            samplesB.Add(await HttpLoad.RunAsync(client, b, connections, sample));
            samplesB.Add(await HttpLoad.RunAsync(client, b, connections, sample));
            samplesA.Add(await HttpLoad.RunAsync(client, a, connections, sample));
        }
        return new SideBySideResult(samplesA, samplesB);
    }
}
