using System.Text.RegularExpressions;

namespace Selbsthilfe.FoundingSupport.Api.Domain;

/// <summary>What members and offices send, checked field by field. Messages are bilingual: German first, then English.</summary>
public static partial class FoundingRules
{
    public const int MaxPostingText = 1000;
    public const int MaxGroupName = 200;
    public const int MaxDescription = 2000;

    public static readonly IReadOnlyList<string> AbandonReasons = ["too-few-peers", "joined-existing-group", "initiator-withdrew", "no-response", "other"];

    public static void Topic(string? topic, Dictionary<string, string[]> errors)
    {
        if (topic is null || topic.Length > 80 || !TopicCode().IsMatch(topic))
            errors["topic"] = ["Thema als Kennung aus dem Themenverzeichnis angeben (z. B. \"depression\"). / Give a topic code of the directory's taxonomy."];
    }

    public static void Postcode(string? postcode, string field, Dictionary<string, string[]> errors, bool required = true)
    {
        if (postcode is null && !required) return;
        if (postcode is null || !FiveDigits().IsMatch(postcode))
            errors[field] = ["Postleitzahl mit fünf Ziffern angeben. / Give a five-digit postcode."];
    }

    public static void Locale(string? locale, Dictionary<string, string[]> errors)
    {
        if (locale is not ("de" or "en")) errors["locale"] = ["Sprache: de oder en. / Language: de or en."];
    }

    public static void ContactRef(Guid? contactRef, string field, Dictionary<string, string[]> errors)
    {
        if (contactRef is null || contactRef == Guid.Empty)
            errors[field] = ["Die Kontakt-Referenz aus der Anmeldung bei den Benachrichtigungen fehlt. / The contact reference from Notifications is missing."];
    }

    /// <returns>The error of a missing contact reference (field <c>contactRef</c>), or null.</returns>
    public static Dictionary<string, string[]>? MissingContactRef(Guid? contactRef)
    {
        var errors = new Dictionary<string, string[]>();
        ContactRef(contactRef, "contactRef", errors);
        return errors.Count > 0 ? errors : null;
    }

    /// <summary>
    /// A short text by a member. An e-mail address in it would bypass the contact held by Notifications and become
    /// public on release, so it is refused before anything is stored.
    /// </summary>
    public static void Text(string? text, string field, int max, Dictionary<string, string[]> errors, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required) errors[field] = ["Pflichtfeld. / Required."];
            return;
        }
        if (text.Trim().Length > max) errors[field] = [$"Höchstens {max} Zeichen. / At most {max} characters."];
        else if (EmailLike().IsMatch(text))
            errors[field] = ["Bitte keine E-Mail-Adresse in den Text schreiben: der Kontakt läuft über die Benachrichtigungen. / No e-mail address in the text, please: contact goes through Notifications."];
    }

    public static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex TopicCode();

    [GeneratedRegex("^[0-9]{5}$")]
    private static partial Regex FiveDigits();

    [GeneratedRegex(@"\S+\s*(@|\(at\)|\[at\])\s*\S+\.\S+", RegexOptions.IgnoreCase)]
    private static partial Regex EmailLike();
}
