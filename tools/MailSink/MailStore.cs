using System.Collections.Concurrent;
using MimeKit;

namespace Selbsthilfe.MailSink;

public sealed record ReceivedMail(
    Guid Id, DateTimeOffset ReceivedAt, string? MessageId, string From, IReadOnlyList<string> To, string Subject,
    string? Text, string? Html, IReadOnlyDictionary<string, string> Headers, IReadOnlyList<string> Attachments);

/// <summary>The last <see cref="Capacity"/> mails, in memory: a development sink keeps nothing on disk.</summary>
public sealed class MailStore
{
    public const int Capacity = 1000;
    private readonly ConcurrentQueue<ReceivedMail> _mails = new();

    public ReceivedMail Add(MimeMessage message, TimeProvider clock)
    {
        var mail = new ReceivedMail(
            Guid.NewGuid(), clock.GetUtcNow(), message.MessageId, message.From.ToString(),
            message.To.Mailboxes.Select(m => m.Address).ToList(), message.Subject ?? "",
            message.TextBody, message.HtmlBody,
            message.Headers.GroupBy(h => h.Field, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Last().Value),
            message.Attachments.Select(a => a.ContentType.MimeType).ToList());
        _mails.Enqueue(mail);
        while (_mails.Count > Capacity && _mails.TryDequeue(out _)) { }
        return mail;
    }

    public IReadOnlyList<ReceivedMail> All() => _mails.Reverse().ToList();

    public void Clear() => _mails.Clear();
}
