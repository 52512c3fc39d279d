using MimeKit;

namespace Selbsthilfe.Notifications.Api.Delivery;

/// <summary>
/// Mails to an office (an organisation's address), German first, then English: offices have no language setting.
/// They name the initiative, its topic and region and point to the office's founding view, and carry nothing of any
/// member: no address, no name, no text.
/// </summary>
public static class OfficeMail
{
    public const string PeersGathered = "peers-gathered";

    public static MimeMessage PeersGatheredMail(MailboxAddress from, string to, string officeName, Guid initiativeId, string? topic, string? postcode,
        int count, string viewUrl)
    {
        string[] lines =
        [
            $"Guten Tag, {officeName},",
            "für eine Gründungsinitiative in Ihrer Region haben sich genug Interessierte gefunden.",
            $"Initiative: {initiativeId}\nThema: {topic ?? "–"}\nPostleitzahl: {postcode ?? "–"}\nInteressierte (bestätigt): {count}",
            $"Die Initiatorin oder der Initiator wurde ebenfalls benachrichtigt. Bitte planen Sie das erste Treffen in Ihrer Gründungsansicht: {viewUrl}",
            "—",
            "Enough interested people have come together for a founding initiative in your region.",
            $"Initiative: {initiativeId}, topic: {topic ?? "–"}, postcode: {postcode ?? "–"}, interested (confirmed): {count}.",
            $"The initiator has been told as well. Please plan the first meeting in your founding view: {viewUrl}",
        ];
        var message = new MimeMessage();
        message.From.Add(from);
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = "Gründungsinitiative: genug Interessierte / Founding initiative: enough peers";
        message.Body = new BodyBuilder
        {
            TextBody = string.Join("\n\n", lines) + "\n",
            HtmlBody = string.Concat(lines.Select(l => $"<p>{MeetingMail.Html(l)}</p>")),
        }.ToMessageBody();
        return message;
    }
}
