using System.Diagnostics.Metrics;

namespace Selbsthilfe.Messaging;

/// <summary>
/// Outbox backlog and oldest unsent age (as last seen by this replica's relay), published messages, and duplicate
/// deliveries the inbox skipped. Exported by ServiceDefaults' OpenTelemetry setup (meter prefix "Selbsthilfe.").
/// </summary>
public sealed class MessagingMetrics
{
    public const string Name = "Selbsthilfe.Messaging";

    private readonly Counter<long> _published;
    private readonly Counter<long> _duplicates;
    private long _backlog;
    private DateTimeOffset? _oldestUnsent;
    private readonly TimeProvider _clock;

    public MessagingMetrics(IMeterFactory meters, TimeProvider clock)
    {
        _clock = clock;
        var meter = meters.Create(Name);
        _published = meter.CreateCounter<long>("outbox.published", "{message}", "Outbox messages published and confirmed by the broker");
        _duplicates = meter.CreateCounter<long>("inbox.duplicates_skipped", "{message}", "Redelivered messages acknowledged without effect");
        meter.CreateObservableGauge("outbox.backlog", () => Interlocked.Read(ref _backlog), "{message}", "Unsent outbox messages");
        meter.CreateObservableGauge("outbox.oldest_unsent_age", () => _oldestUnsent is { } oldest
            ? Math.Max(0, (_clock.GetUtcNow() - oldest).TotalSeconds) : 0, "s", "Age of the oldest unsent outbox message");
    }

    internal void Published(int count)
    {
        if (count > 0) _published.Add(count);
    }

    internal void Backlog(long count, DateTimeOffset? oldestUnsent)
    {
        Interlocked.Exchange(ref _backlog, count);
        _oldestUnsent = oldestUnsent;
    }

    internal void DuplicateSkipped(string consumer) => _duplicates.Add(1, new KeyValuePair<string, object?>("consumer", consumer));
}
