using System.Diagnostics.Metrics;
using Selbsthilfe.Events.Contracts;

namespace Selbsthilfe.Events.Api.Scheduling;

/// <summary>
/// What the meeting calendar announces, and how the horizon sweep keeps up. Exported by ServiceDefaults'
/// OpenTelemetry setup (meter prefix "Selbsthilfe.").
/// </summary>
public sealed class EventsMetrics
{
    public const string Name = "Selbsthilfe.Events";

    private readonly Counter<long> _announced;
    private readonly Counter<long> _swept;
    private readonly Histogram<double> _sweepDuration;

    public EventsMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        _announced = meter.CreateCounter<long>("events.announced", "{event}",
            "Integration events raised by materialisation, by type (scheduled, rescheduled, cancelled, series-ended)");
        _swept = meter.CreateCounter<long>("events.sweep.series", "{series}", "Series whose horizon the sweep extended");
        _sweepDuration = meter.CreateHistogram<double>("events.sweep.duration", "s", "Duration of one sweep over all due series");
    }

    internal void Announced(IReadOnlyList<(string, object Message)> events)
    {
        if (events.Count == 0) return;
        foreach (var group in events.GroupBy(e => e.Message switch
        {
            OccurrenceScheduled => "scheduled",
            OccurrenceRescheduled => "rescheduled",
            OccurrenceCancelled => "cancelled",
            _ => "series-ended",
        }))
        {
            _announced.Add(group.Count(), new KeyValuePair<string, object?>("type", group.Key));
        }
    }

    internal void Swept(int series, TimeSpan duration)
    {
        _swept.Add(series);
        _sweepDuration.Record(duration.TotalSeconds);
    }
}
