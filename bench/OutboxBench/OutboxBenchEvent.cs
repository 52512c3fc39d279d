using MassTransit;
using Selbsthilfe.Bench;
using Selbsthilfe.Messaging.Inbox;

namespace OutboxBench;

public sealed record OutboxBenchEvent(int Sequence);

/// <summary>A realistic consumer: one inbox transaction writing one effect row.</summary>
public sealed class RecordOutboxBenchEventConsumer(Inbox inbox, Arrivals arrivals) : IConsumer<OutboxBenchEvent>
{
    public async Task Consume(ConsumeContext<OutboxBenchEvent> context)
    {
        await using var tx = await inbox.BeginAsync(context, nameof(RecordOutboxBenchEventConsumer));
        if (tx is null) return;
        await using var effect = tx.Command("INSERT INTO bench_effects (sequence) VALUES ($1)");
        effect.Parameters.AddWithValue(context.Message.Sequence);
        await effect.ExecuteNonQueryAsync(context.CancellationToken);
        await tx.CommitAsync(context.CancellationToken);
        arrivals.Arrived();
    }
}
