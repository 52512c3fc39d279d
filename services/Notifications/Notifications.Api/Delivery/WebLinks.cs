namespace Selbsthilfe.Notifications.Api.Delivery;

/// <summary>
/// Where the links in our mails point: the web app's pages under <see cref="MailOptions.PublicBaseUrl"/>, in the
/// mail's language (English under <c>/en</c>), never this service's JSON API. The pages show a button and change
/// nothing on GET, since mail scanners follow links; the JSON endpoints stay for machines.
/// </summary>
public static class WebLinks
{
    public const string Confirm = "bestaetigen";
    public const string ConfirmContact = "kontakt/bestaetigen";
    public const string Manage = "verwalten";
    public const string Unsubscribe = "abmelden";

    /// <summary>RFC 8058's List-Unsubscribe target: mail clients POST to it without a page, so it has its own path.</summary>
    public const string OneClickUnsubscribe = "abmelden/ein-klick";

    public static string Page(string baseUrl, string locale, string page, string token) =>
        $"{baseUrl.TrimEnd('/')}{(locale == "en" ? "/en" : "")}/{page}?token={Uri.EscapeDataString(token)}";
}
