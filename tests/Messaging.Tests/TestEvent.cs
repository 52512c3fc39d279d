using System.Collections.Concurrent;
using MassTransit;
using Selbsthilfe.Messaging.Inbox;

namespace Messaging.Tests;

public sealed record TestEvent
{
    public required string Key { get; init; }

    /// <summary>The consumer writes its effect and then fails, every time.</summary>
    public bool Poison { get; init; }
}

/// <summary>Writes one effect row per event, through the inbox; counts every delivery, duplicate or not.</summary>
public sealed class RecordTestEventConsumer(Inbox inbox) : IConsumer<TestEvent>
{
    public static readonly ConcurrentDictionary<string, int> Deliveries = new(StringComparer.Ordinal);

    public async Task Consume(ConsumeContext<TestEvent> context)
    {
        Deliveries.AddOrUpdate(context.Message.Key, 1, (_, n) => n + 1);
        await using var tx = await inbox.BeginAsync(context, nameof(RecordTestEventConsumer));
        if (tx is null) return;

        await using var effect = tx.Command("INSERT INTO test_effects (key) VALUES ($1)");
        effect.Parameters.AddWithValue(context.Message.Key);
        await effect.ExecuteNonQueryAsync(context.CancellationToken);
        if (context.Message.Poison) throw new InvalidOperationException("Poison message: fails on every attempt.");
        await tx.CommitAsync(context.CancellationToken);
    }
}
