using System.Diagnostics.Metrics;
using Npgsql;
using Selbsthilfe.FoundingSupport.Api.Domain;
using Selbsthilfe.ServiceDefaults.Hosting;

namespace Selbsthilfe.FoundingSupport.Api.Initiatives;

/// <summary>
/// Initiatives by state (a gauge over the whole database, recounted by <see cref="InitiativeCensus"/>, so every replica
/// reports the same totals) and the steps taken here. Exported by ServiceDefaults' OpenTelemetry setup (meter prefix
/// "Selbsthilfe."). Tags carry states only, never an office's or a member's data.
/// </summary>
public sealed class FoundingMetrics
{
    public const string Name = "Selbsthilfe.Founding";

    private readonly Counter<long> _moved;
    private volatile IReadOnlyDictionary<string, long> _byState = new Dictionary<string, long>();

    public FoundingMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        _moved = meter.CreateCounter<long>("founding.transitions", "{transition}", "Initiatives that entered a state, by the state entered");
        meter.CreateObservableGauge("founding.initiatives", () => InitiativeStates.All.Select(state =>
            new Measurement<long>(_byState.GetValueOrDefault(state), new KeyValuePair<string, object?>("state", state))), "{initiative}",
            "Initiatives by state");
    }

    internal void Moved(string state) => _moved.Add(1, new KeyValuePair<string, object?>("state", state));

    internal void Counted(IReadOnlyDictionary<string, long> byState) => _byState = byState;
}

/// <summary>Recounts initiatives by state for the gauge: one grouped count over a small table.</summary>
public sealed class InitiativeCensus(NpgsqlDataSource db, FoundingMetrics metrics, Microsoft.Extensions.Options.IOptions<FoundingOptions> options,
    TimeProvider clock, ILogger<InitiativeCensus> logger) : PeriodicWork(clock, logger)
{
    protected override TimeSpan Interval => options.Value.CensusInterval;

    protected override Task RunRoundAsync(CancellationToken ct) => RunAsync(ct);

    public async Task RunAsync(CancellationToken ct)
    {
        await using var count = db.CreateCommand("SELECT state, count(*) FROM initiatives GROUP BY state");
        var byState = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await count.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) byState[reader.GetString(0)] = reader.GetInt64(1);
        metrics.Counted(byState);
    }
}
