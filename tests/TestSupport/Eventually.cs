namespace Selbsthilfe.TestSupport;

public static class Eventually
{
    /// <summary>
    /// Polls until <paramref name="condition"/> holds; integration tests wait for effects, never sleep. An exception
    /// counts as "not yet" (a server may be coming back); the last one is reported if time runs out.
    /// </summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan? timeout = null, string? because = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        Exception? last = null;
        while (true)
        {
            try
            {
                if (await condition()) return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                last = ex;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(because ?? "The expected state was not reached in time.", last);
            }
            await Task.Delay(100);
        }
    }
}
