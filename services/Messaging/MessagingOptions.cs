namespace Selbsthilfe.Messaging;

/// <summary>Configuration section <c>Messaging</c>.</summary>
public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    /// <summary>Immediate retries first: cheap help for a lost connection or a deadlock.</summary>
    public int ImmediateRetries { get; set; } = 2;

    /// <summary>
    /// Retries with exponential back-off after the immediate ones. In-process, because RabbitMQ's
    /// delayed-exchange plugin (MassTransit's delayed redelivery) is unavailable and unmaintained. After the last one
    /// the message moves to the endpoint's <c>_error</c> queue, where it can be inspected and moved back.
    /// </summary>
    /// <remarks>
    /// The defaults wait about a minute in all (0.2 s doubling to 30 s), enough to ride out a PostgreSQL restart or
    /// fail-over without sending every message in flight to the error queue.
    /// </remarks>
    public int ExponentialRetries { get; set; } = 8;

    public TimeSpan MinRetryInterval { get; set; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan MaxRetryInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Prepended to every receive endpoint (queue) name, so that two environments — or two test runs — can share a
    /// broker without taking each other's messages. Empty in a normal deployment.
    /// </summary>
    public string EndpointPrefix { get; set; } = "";

    /// <summary>
    /// The waits before each retry: <see cref="ImmediateRetries"/> zeros, then <see cref="ExponentialRetries"/>
    /// doubling intervals from <see cref="MinRetryInterval"/>, capped at <see cref="MaxRetryInterval"/>. One schedule
    /// in one retry filter: nested retry filters do not multiply their attempts as one might expect.
    /// </summary>
    public TimeSpan[] RetryIntervals() =>
        Enumerable.Repeat(TimeSpan.Zero, ImmediateRetries)
            .Concat(Enumerable.Range(0, ExponentialRetries).Select(i =>
                TimeSpan.FromTicks(Math.Min(MaxRetryInterval.Ticks, MinRetryInterval.Ticks << Math.Min(i, 30)))))
            .ToArray();

    /// <summary>
    /// Messages RabbitMQ hands one consumer process ahead of time. Twice the concurrency keeps each consumer busy
    /// without one replica hoarding messages that its competitors could take.
    /// </summary>
    public int PrefetchCount { get; set; } = 32;

    /// <summary>
    /// Messages handled at once per receive endpoint. Each handler holds one PostgreSQL connection for its
    /// transaction; 16 leaves most of the service's connection pool to HTTP requests on a 2-core machine.
    /// </summary>
    public int ConcurrentMessageLimit { get; set; } = 16;

    public OutboxOptions Outbox { get; set; } = new();
}

public sealed class OutboxOptions
{
    /// <summary>Rows one relay claims per round.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>How many aggregates a relay publishes to at once (each aggregate stays in order).</summary>
    public int PublishConcurrency { get; set; } = 32;

    /// <summary>Fallback when no wake-up arrives: rows written by another replica, or left after a failure.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a publish may wait for the broker's confirm before the round is given up and retried.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Sent rows are kept this long (for inspection and replay), then deleted.</summary>
    public TimeSpan SentRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Inbox rows are kept this long; a redelivery later than that is not expected from RabbitMQ.</summary>
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(14);

    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Also send a PostgreSQL NOTIFY with each committed outbox write, as a wake-up hint for relays in other replicas.
    /// Off by default: a NOTIFY takes a database-wide lock at commit, the writing replica's own relay is woken
    /// in-process, and the others poll.
    /// </summary>
    public bool NotifyOtherReplicas { get; set; }
}
