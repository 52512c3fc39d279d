using System.Diagnostics;

namespace Selbsthilfe.Bench;

/// <summary>Counts consumed messages of one arm and completes when the expected number arrived.</summary>
public sealed class Arrivals
{
    private int _count;
    private int _expected;
    private TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Expect(int count)
    {
        _count = 0;
        _expected = count;
        _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void Arrived()
    {
        if (Interlocked.Increment(ref _count) == _expected) _done.TrySetResult();
    }

    public Task AllArrived => _done.Task;
}

public static class Throughput
{
    /// <summary>Runs <paramref name="send"/> for items 0..n-1 with <paramref name="concurrency"/> workers; messages/s until all arrived.</summary>
    public static async Task<double> MeasureAsync(int n, int concurrency, Arrivals arrivals, Func<int, Task> send)
    {
        arrivals.Expect(n);
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, n), new ParallelOptions { MaxDegreeOfParallelism = concurrency },
            async (i, _) => await send(i));
        await arrivals.AllArrived.WaitAsync(TimeSpan.FromMinutes(5));
        return n / clock.Elapsed.TotalSeconds;
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
