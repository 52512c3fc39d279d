using System.Diagnostics.Metrics;

namespace Selbsthilfe.Notifications.Api.Reminders;

/// <summary>Reminders due, sent and failed, and the delay from due to sent. No member data in any tag.</summary>
public sealed class ReminderMetrics
{
    public const string Name = "Selbsthilfe.Notifications";
    private readonly Counter<long> _due;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _failed;
    private readonly Histogram<double> _delay;

    public ReminderMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        _due = meter.CreateCounter<long>("notifications.mails.due", "{mail}", "Mails claimed for sending, by kind");
        _sent = meter.CreateCounter<long>("notifications.mails.sent", "{mail}", "Mails accepted by the SMTP server, by kind");
        _failed = meter.CreateCounter<long>("notifications.mails.failed", "{mail}", "Mails given up after retries, by kind");
        _delay = meter.CreateHistogram<double>("notifications.mails.delay", "s", "Sent minus due");
    }

    internal void Due(string kind, int count) => _due.Add(count, new KeyValuePair<string, object?>("kind", kind));
    internal void Sent(string kind, TimeSpan delay)
    {
        _sent.Add(1, new KeyValuePair<string, object?>("kind", kind));
        _delay.Record(Math.Max(0, delay.TotalSeconds), new KeyValuePair<string, object?>("kind", kind));
    }
    internal void Failed(string kind) => _failed.Add(1, new KeyValuePair<string, object?>("kind", kind));
}
