using System.Globalization;
using System.Text;
using MimeKit;

namespace Selbsthilfe.Notifications.Api.Delivery;

/// <summary>What a reminder or notice says about a meeting (public facts only).</summary>
public sealed record MeetingFacts(Guid OccurrenceId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Room, string? Address, string? Postcode,
    string? City, bool Online, string? GroupName);

/// <summary>
/// Reminder and notice mails in German or English, plain text and HTML, with an ICS attachment and RFC 8058 one-click
/// unsubscribe headers. Discreet: sender, subject and first line name neither the group nor its topic unless the
/// member chose that.
/// </summary>
public static class MeetingMail
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    public static MimeMessage Create(MailboxAddress from, string to, string locale, string kind, MeetingFacts m, bool nameGroup,
        string unsubscribeUrl, string oneClickUrl, string manageUrl)
    {
        var de = locale != "en";
        var culture = CultureInfo.GetCultureInfo(de ? "de-DE" : "en-GB");
        var local = TimeZoneInfo.ConvertTime(m.StartsAt, Berlin);
        var when = When(m.StartsAt, de);
        var what = nameGroup && m.GroupName is { } name ? name : de ? "Ihr Treffen" : "Your meeting";
        var (subject, first) = (kind, de) switch
        {
            ("cancelled", true) => ($"Ein Termin fällt aus: {local.ToString("dd.MM.yyyy", culture)}", $"{what} am {when} fällt aus."),
            ("cancelled", false) => ($"A meeting is cancelled: {local.ToString("d MMM yyyy", culture)}", $"{what} on {when} is cancelled."),
            ("new-event", true) => ("Eine neue Veranstaltung", $"Neu: eine Veranstaltung am {when}."),
            ("new-event", false) => ("A new event", $"New: an event on {when}."),
            ("moved", true) => ("Ein Termin hat sich geändert", $"{what} findet jetzt am {when} statt."),
            ("moved", false) => ("A meeting has changed", $"{what} now takes place on {when}."),
            (_, true) => ($"Erinnerung an Ihren Termin am {local.ToString("dd.MM.yyyy", culture)}", $"{what} beginnt am {when}."),
            _ => ($"Reminder of your meeting on {local.ToString("d MMM yyyy", culture)}", $"{what} starts on {when}."),
        };
        if (nameGroup && m.GroupName is { } group) subject = $"{group}: {subject}";
        var place = Place(m, de);
        var text = new StringBuilder()
            .AppendLine(first).AppendLine()
            .AppendLine(place).AppendLine()
            .AppendLine(de ? $"Erinnerungen verwalten: {manageUrl}" : $"Manage reminders: {manageUrl}")
            .AppendLine(de ? $"Abmelden: {unsubscribeUrl}" : $"Unsubscribe: {unsubscribeUrl}")
            .ToString();
        var html = $"<p>{Html(first)}</p><p>{Html(place)}</p><p><a href=\"{manageUrl}\">{(de ? "Erinnerungen verwalten" : "Manage reminders")}</a> · " +
                   $"<a href=\"{unsubscribeUrl}\">{(de ? "Abmelden" : "Unsubscribe")}</a></p>";

        var message = new MimeMessage();
        message.From.Add(from);
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        // RFC 8058: mail clients offer "unsubscribe" and send one POST, without opening a page; that POST carries no
        // form token, so it goes to its own address rather than to the page with the button (unsubscribeUrl).
        message.Headers.Add("List-Unsubscribe", $"<{oneClickUrl}>");
        message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        var body = new BodyBuilder { TextBody = text, HtmlBody = html };
        if (kind != "cancelled") body.Attachments.Add("termin.ics", Encoding.UTF8.GetBytes(Ics(m with { GroupName = nameGroup ? m.GroupName : null }, de)), ContentType.Parse("text/calendar; charset=utf-8; method=PUBLISH"));
        message.Body = body.ToMessageBody();
        return message;
    }

    /// <summary>A meeting's start in Berlin time, written out, e.g. "Dienstag, 12. Januar 2027, um 19:00 Uhr".</summary>
    internal static string When(DateTimeOffset startsAt, bool de)
    {
        var local = TimeZoneInfo.ConvertTime(startsAt, Berlin);
        return de
            ? local.ToString("dddd, d. MMMM yyyy, 'um' HH:mm 'Uhr'", CultureInfo.GetCultureInfo("de-DE"))
            : local.ToString("dddd, d MMMM yyyy, 'at' HH:mm", CultureInfo.GetCultureInfo("en-GB"));
    }

    internal static string Place(MeetingFacts m, bool de)
    {
        var parts = new[] { m.Room, m.Address, string.Join(' ', new[] { m.Postcode, m.City }.Where(p => p is not null)) }
            .Where(p => !string.IsNullOrWhiteSpace(p)).ToList();
        var where = parts.Count > 0 ? (de ? "Ort: " : "Place: ") + string.Join(", ", parts) : "";
        if (!m.Online) return where;
        var online = de ? "Das Treffen ist online; den Zugangslink erhalten Sie gesondert." : "The meeting is online; the link follows separately.";
        return where.Length > 0 ? where + "\n" + online : online;
    }

    internal static string Ics(MeetingFacts m, bool de) => string.Join("\r\n",
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Selbsthilfe-Plattform//Notifications//DE", "METHOD:PUBLISH", "BEGIN:VEVENT",
        $"UID:{m.OccurrenceId}@selbsthilfe-plattform", $"DTSTAMP:{DateTime.UtcNow:yyyyMMdd'T'HHmmss'Z'}",
        $"DTSTART:{m.StartsAt.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}", $"DTEND:{m.EndsAt.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}",
        $"SUMMARY:{Escape(m.GroupName ?? (de ? "Treffen" : "Meeting"))}", "END:VEVENT", "END:VCALENDAR", "");

    private static string Escape(string text) => text.Replace("\\", "\\\\").Replace(";", "\\;").Replace(",", "\\,").Replace("\n", "\\n");

    internal static string Html(string text) => System.Net.WebUtility.HtmlEncode(text).Replace("\n", "<br>");
}
