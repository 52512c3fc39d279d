using System.Net.Mail;
using System.Text.RegularExpressions;
using Selbsthilfe.GroupDirectory.Api.Offices;

namespace Selbsthilfe.GroupDirectory.Api.Domain;

/// <summary>What makes an office valid. Messages are bilingual: German first, then English.</summary>
public static partial class OfficeRules
{
    public const int MaxNameLength = 200;

    public static Dictionary<string, string[]> Validate(string? id, string? name, IReadOnlyList<string>? regionPostcodePrefixes, OfficeContact? contact = null)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!IsSlug(id))
        {
            errors["id"] = ["Kennung: nur Kleinbuchstaben, Ziffern und Bindestriche, höchstens 60 Zeichen (z. B. \"sekiz-potsdam\"). / Id: lowercase letters, digits and hyphens only, at most 60 characters."];
        }
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > MaxNameLength)
        {
            errors["name"] = [$"Name: Pflichtfeld, höchstens {MaxNameLength} Zeichen. / Name: required, at most {MaxNameLength} characters."];
        }
        if (regionPostcodePrefixes is null || regionPostcodePrefixes.Count == 0 || regionPostcodePrefixes.Any(p => p is null || !PostcodePrefix().IsMatch(p)))
        {
            errors["regionPostcodePrefixes"] = ["Region: mindestens ein Postleitzahl-Präfix aus 1 bis 5 Ziffern. / Region: at least one postcode prefix of 1 to 5 digits."];
        }
        if (contact is null) return errors;
        if (contact.Email is { } email && (email.Length > 200 || !MailAddress.TryCreate(email, out _)))
            errors["contact.email"] = ["E-Mail: eine gültige Adresse. / E-mail: a valid address."];
        if (contact.Website is { } website && (!Uri.TryCreate(website, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")))
            errors["contact.website"] = ["Website: eine vollständige http(s)-Adresse. / Website: a complete http(s) URL."];
        if (contact.Phone is { } phone && !Phone().IsMatch(phone))
            errors["contact.phone"] = ["Telefon: Ziffern, Leerzeichen, +, / und -, höchstens 30 Zeichen. / Phone: digits, spaces, +, / and -, at most 30 characters."];
        if (contact.Address?.Length > 300 || contact.OpeningHours?.Length > 500)
            errors["contact.address"] = ["Adresse höchstens 300, Öffnungszeiten höchstens 500 Zeichen. / Address at most 300, opening hours at most 500 characters."];
        return errors;
    }

    /// <summary>A stable public id: lower-case letters, digits and single hyphens, at most 60 characters.</summary>
    public static bool IsSlug([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? id) => id is { Length: > 0 and <= 60 } && Slug().IsMatch(id);

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex Slug();

    [GeneratedRegex("^[0-9]{1,5}$")]
    private static partial Regex PostcodePrefix();

    [GeneratedRegex(@"^[0-9 +/\-()]{3,30}$")]
    private static partial Regex Phone();
}
