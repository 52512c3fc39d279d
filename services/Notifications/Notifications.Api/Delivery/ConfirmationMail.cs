using MimeKit;

namespace Selbsthilfe.Notifications.Api.Delivery;

/// <summary>
/// The double opt-in mail. Discreet: sender, subject and first line name neither the group nor its topic, since a
/// lock screen shows them and membership in a self-help group is health data.
/// </summary>
public static class ConfirmationMail
{
    /// <summary>The wording a member agrees to; stored with the consent as proof.</summary>
    public const string ConsentTextVersion = "2026-11-de-en-2";

    /// <summary>Purpose: meeting reminders of a group.</summary>
    public const string Reminders = "reminders";

    /// <summary>Purpose: a founding contact (a peer search or a new group's initiative) that Founding refers to.</summary>
    public const string Founding = "founding";

    public static MimeMessage Create(MailboxAddress from, string to, string locale, string confirmUrl, string purpose)
    {
        var german = locale != "en";
        var (whatDe, whatEn) = purpose == Founding
            ? ("Nachrichten zu einer Suche nach Gleichbetroffenen (Gründung einer Selbsthilfegruppe)", "messages about a search for peers (founding a self-help group)")
            : ("Terminerinnerungen", "meeting reminders");
        var message = new MimeMessage();
        message.From.Add(from);
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = german ? "Bitte bestätigen Sie Ihre E-Mail-Adresse" : "Please confirm your e-mail address";
        var text = german
            ? $"""
              Bitte bestätigen Sie Ihre E-Mail-Adresse.

              Jemand (hoffentlich Sie) möchte an diese Adresse {whatDe} der Selbsthilfe-Plattform schicken lassen.
              Erst wenn Sie bestätigen, senden wir Ihnen etwas. Sie können das jederzeit widerrufen.

              Bestätigen: {confirmUrl}

              Wenn Sie das nicht waren, ignorieren Sie diese Nachricht; die Anfrage wird nach 48 Stunden gelöscht.
              """
            : $"""
              Please confirm your e-mail address.

              Someone (hopefully you) asked for {whatEn} from Selbsthilfe-Plattform at this address. We send
              nothing until you confirm. You can withdraw at any time.

              Confirm: {confirmUrl}

              If this was not you, ignore this message; the request is deleted after 48 hours.
              """;
        var html = german
            ? $"<p>Bitte bestätigen Sie Ihre E-Mail-Adresse.</p><p>Jemand (hoffentlich Sie) möchte an diese Adresse {whatDe} der Selbsthilfe-Plattform schicken lassen. Erst wenn Sie bestätigen, senden wir Ihnen etwas.</p><p><a href=\"{confirmUrl}\">Adresse bestätigen</a></p><p>Wenn Sie das nicht waren, ignorieren Sie diese Nachricht; die Anfrage wird nach 48 Stunden gelöscht.</p>"
            : $"<p>Please confirm your e-mail address.</p><p>Someone (hopefully you) asked for {whatEn} from Selbsthilfe-Plattform at this address. We send nothing until you confirm.</p><p><a href=\"{confirmUrl}\">Confirm address</a></p><p>If this was not you, ignore this message; the request is deleted after 48 hours.</p>";
        message.Body = new BodyBuilder { TextBody = text, HtmlBody = html }.ToMessageBody();
        return message;
    }
}
