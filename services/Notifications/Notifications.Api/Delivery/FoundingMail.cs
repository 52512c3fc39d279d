using System.Text;
using MimeKit;

namespace Selbsthilfe.Notifications.Api.Delivery;

/// <summary>
/// Mails to founding contacts (peer searches, initiatives), German or English, plain text and HTML. Discreet like all
/// our mails: sender, subject and first line name no topic. Nobody's address is given to anyone, except in the
/// "contacts released" mail, and there only the addresses of people who agreed to share theirs.
/// </summary>
public static class FoundingMail
{
    public const string Released = "peer-search-released";
    public const string Interest = "interest";
    public const string PeersGathered = "peers-gathered";
    public const string ContactsReleased = "contacts-released";
    public const string Invitation = "first-meeting";

    /// <param name="count">Interested people so far (interest, peers gathered).</param>
    /// <param name="others">The other people's addresses (contacts released).</param>
    /// <param name="meeting">The first meeting (invitation).</param>
    public static MimeMessage Create(MailboxAddress from, string to, string locale, string kind, string manageUrl,
        int count = 0, IReadOnlyList<string>? others = null, MeetingFacts? meeting = null)
    {
        var de = locale != "en";
        var subject = kind == Invitation
            ? de ? "Einladung zu einem ersten Treffen" : "Invitation to a first meeting"
            : de ? "Neuigkeiten zu Ihrer Anfrage" : "News about your request";
        string[] lines = (kind, de) switch
        {
            (Released, true) => ["Ihre Suche nach Gleichbetroffenen ist jetzt für andere sichtbar.", "Die Kontaktstelle hat sie freigegeben. Wir melden uns, sobald sich jemand dafür interessiert."],
            (Released, false) => ["Your search for peers is now visible to others.", "The contact office released it. We will let you know when someone is interested."],
            (Interest, true) => ["Jemand interessiert sich für Ihre Suche nach Gleichbetroffenen.", $"Interessierte bisher: {count}. Ihre Adresse wurde niemandem genannt, und Sie erfahren keine fremde Adresse ohne Zustimmung."],
            (Interest, false) => ["Someone is interested in your search for peers.", $"Interested so far: {count}. Your address was given to nobody, and you learn nobody's address without their consent."],
            (PeersGathered, true) => ["Genug Menschen möchten mitmachen: Ihre Gruppe kann entstehen.", $"Interessierte: {count}. Die Kontaktstelle meldet sich bei Ihnen, um das erste Treffen zu planen."],
            (PeersGathered, false) => ["Enough people want to take part: your group can start.", $"Interested: {count}. The contact office will get in touch to plan the first meeting."],
            (ContactsReleased, true) => ["Diese Menschen sind einverstanden, ihre Kontaktdaten mit Ihnen zu teilen:", string.Join("\n", others ?? [])],
            (ContactsReleased, false) => ["These people agreed to share their contact details with you:", string.Join("\n", others ?? [])],
            (Invitation, true) => [$"Sie sind zu einem ersten Treffen eingeladen: am {MeetingMail.When(meeting!.StartsAt, true)}.", MeetingMail.Place(meeting, true)],
            (Invitation, false) => [$"You are invited to a first meeting on {MeetingMail.When(meeting!.StartsAt, false)}.", MeetingMail.Place(meeting, false)],
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown founding mail."),
        };
        var manage = de ? $"Ihre Daten verwalten, exportieren oder löschen: {manageUrl}" : $"Manage, export or erase your data: {manageUrl}";
        var text = new StringBuilder();
        foreach (var line in lines.Where(l => !string.IsNullOrWhiteSpace(l))) text.AppendLine(line).AppendLine();
        text.AppendLine(manage);
        var html = string.Concat(lines.Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => $"<p>{MeetingMail.Html(l)}</p>"))
            + $"<p><a href=\"{manageUrl}\">{(de ? "Ihre Daten verwalten" : "Manage your data")}</a></p>";

        var message = new MimeMessage();
        message.From.Add(from);
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        var body = new BodyBuilder { TextBody = text.ToString(), HtmlBody = html };
        if (meeting is not null)
        {
            body.Attachments.Add("termin.ics", Encoding.UTF8.GetBytes(MeetingMail.Ics(meeting, de)), ContentType.Parse("text/calendar; charset=utf-8; method=PUBLISH"));
        }
        message.Body = body.ToMessageBody();
        return message;
    }
}
