using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Selbsthilfe.ServiceDefaults.Hosting;

/// <summary>
/// A background job that runs at start and then every <see cref="Interval"/> on the injected clock (so tests move
/// it), and survives failures of a round: it logs them (never with member data) and tries again next time.
/// </summary>
public abstract class PeriodicWork(TimeProvider clock, ILogger logger) : BackgroundService
{
    /// <summary>The clock of the service (a fake one in tests).</summary>
    protected TimeProvider Clock { get; } = clock;

    protected abstract TimeSpan Interval { get; }

    protected abstract Task RunRoundAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunRoundAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested && e is not OutOfMemoryException)
            {
                logger.LogWarning(e, "{Work} failed; retrying at the next round", GetType().Name);
            }
            try
            {
                await Task.Delay(Interval, Clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
