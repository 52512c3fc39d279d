using System.Diagnostics;

namespace Selbsthilfe.GroupDirectory.Api.Listings;

/// <summary>
/// Builds the search index when the service starts, so the first search does not wait for every listing to load
/// (seconds with 100,000 listings). Searches still catch up themselves; if the database is not there yet, the first
/// search builds the index instead.
/// </summary>
public sealed class SearchIndexWarmup(SearchIndex index, ILogger<SearchIndexWarmup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await index.CatchUpAsync(stoppingToken);
            if (logger.IsEnabled(LogLevel.Information))
                logger.LogInformation("Search index built with {Listings} listings in {Seconds:F1} s", index.Count,
                    Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Search index not built at start; the first search builds it");
        }
    }
}
