using System.Text.RegularExpressions;

namespace Selbsthilfe.GroupDirectory.Api.Domain;

/// <summary>What makes an office registration valid. Messages are bilingual: German first, then English.</summary>
public static partial class OfficeRules
{
    public const int MaxNameLength = 200;

    public static Dictionary<string, string[]> Validate(string? id, string? name, IReadOnlyList<string>? regionPostcodePrefixes)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(id) || id.Length > 60 || !Slug().IsMatch(id))
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
        return errors;
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex Slug();

    [GeneratedRegex("^[0-9]{1,5}$")]
    private static partial Regex PostcodePrefix();
}
