namespace Selbsthilfe.TestSupport;

public static class Eventually
{
    /// <summary>Polls until <paramref name="condition"/> holds; integration tests wait for effects, never sleep.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan? timeout = null, string? because = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException(because ?? "The expected state was not reached in time.");
            await Task.Delay(100);
        }
    }
}
