using MimeKit;

namespace Selbsthilfe.Notifications.Api.Delivery;

/// <summary>
/// Mails to an office (an organisation's address), German first, then English: offices have no language setting.
/// They name the initiative, its topic and region and say where to go on (the office's founding view, which has no
/// page of the site yet: a mail never points to the JSON API), and carry nothing of any member: no address, no name,
/// no text. The only link is the office's own public page, so the office sees which entry the mail is about.
/// </summary>
public static class OfficeMail
{
    public const string PeersGathered = "peers-gathered";

    public static MimeMessage PeersGatheredMail(MailboxAddress from, string to, string officeName, Guid initiativeId, string? topic, string? postcode,
        int count, string officePageUrl)
    {
        string[] lines =
        [
            $"Guten Tag, {officeName},",
            "für eine Gründungsinitiative in Ihrer Region haben sich genug Interessierte gefunden.",
            $"Initiative: {initiativeId}\nThema: {topic ?? "–"}\nPostleitzahl: {postcode ?? "–"}\nInteressierte (bestätigt): {count}",
            "Die Initiatorin oder der Initiator wurde ebenfalls benachrichtigt. Bitte planen Sie das erste Treffen: Sie finden die " +
            "Initiative unter der oben genannten Nummer in der Gründungsansicht Ihrer Kontaktstelle.",
            $"Ihre öffentliche Seite: {officePageUrl}",
            "—",
            "Enough interested people have come together for a founding initiative in your region.",
            $"Initiative: {initiativeId}, topic: {topic ?? "–"}, postcode: {postcode ?? "–"}, interested (confirmed): {count}.",
            "The initiator has been told as well. Please plan the first meeting: you find the initiative by the number above in your " +
            "office's founding view.",
            $"Your public page: {officePageUrl}",
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
