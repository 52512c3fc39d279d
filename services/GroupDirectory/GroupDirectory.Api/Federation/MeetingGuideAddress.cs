using System.Text.RegularExpressions;
using Selbsthilfe.GroupDirectory.Api.Taxonomy;

namespace Selbsthilfe.GroupDirectory.Api.Federation;

/// <summary>
/// A Meeting Guide <c>formatted_address</c> read as a German address, whatever order its parts come in:
/// "Hauptstr. 7, D-14467 Potsdam", "Hauptstraße 7, Potsdam, 14467, DE", "Lindenstraße 12, 14467 Potsdam, Deutschland".
/// The postcode is five digits (optionally "D-") opening a part; the city is the rest of that part, or else the part
/// next to it; the street is the first other part with a number in it. A trailing country other than Germany marks
/// the address as foreign; a postcode after the state ("Chicago, IL 60641, USA") is not found, so none is invented.
/// </summary>
internal static partial class MeetingGuideAddress
{
    public sealed record Parts(string? Street, string? Postcode, string? City, bool Foreign);

    private static readonly HashSet<string> Germany = new(StringComparer.Ordinal)
    {
        "de", "deu", "d", "deutschland", "germany", "brd", "bundesrepublik deutschland",
    };

    /// <summary>Country names a German meeting list may name besides its own; two- and three-letter codes are found by shape.</summary>
    private static readonly HashSet<string> OtherCountries = new(StringComparer.Ordinal)
    {
        "united states", "united states of america", "canada", "oesterreich", "austria", "schweiz", "switzerland", "united kingdom",
    };

    public static Parts Parse(string formatted)
    {
        var parts = formatted.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
        var foreign = false;
        if (parts.Count > 1 && Country(parts[^1]) is { } german)
        {
            foreign = !german;
            parts.RemoveAt(parts.Count - 1);
        }
        for (var i = 0; i < parts.Count; i++)
        {
            if (PostcodeFirst().Match(parts[i]) is not { Success: true } match) continue;
            var rest = match.Groups["rest"].Value.Trim();
            var cityAt = rest.Length > 0 ? i : i > 0 && !HasNumber(parts[i - 1]) ? i - 1 : i + 1 < parts.Count && !HasNumber(parts[i + 1]) ? i + 1 : -1;
            var city = cityAt == i ? rest : cityAt >= 0 ? parts[cityAt] : null;
            var street = parts.Where((p, j) => j != i && j != cityAt && HasNumber(p)).FirstOrDefault();
            return new Parts(street, match.Groups["code"].Value, city, foreign);
        }
        return new Parts(null, null, null, foreign);
    }

    /// <summary>A postal_code field: "14467", "D-14467"; a number that lost its leading zero (1067) gets it back.</summary>
    public static string? Postcode(string? postcode, bool writtenAsNumber)
    {
        if (postcode is null) return null;
        if (writtenAsNumber && postcode.Length == 4 && postcode.All(char.IsAsciiDigit)) return "0" + postcode;
        return PostcodeFirst().Match(postcode) is { Success: true } match && match.Groups["rest"].Length == 0 ? match.Groups["code"].Value : postcode;
    }

    /// <summary>A country field that names another country than Germany ("US", "Austria"); an unknown name is not taken as one.</summary>
    public static bool IsForeign(string country) => Country(country) == false;

    /// <summary>True for Germany, false for another country, null for a part that names none.</summary>
    private static bool? Country(string part)
    {
        var name = TopicTaxonomy.Normalize(part);
        if (Germany.Contains(name)) return true;
        return OtherCountries.Contains(name) || CountryCode().IsMatch(part) ? false : null;
    }

    private static bool HasNumber(string part) => part.Any(char.IsAsciiDigit);

    [GeneratedRegex(@"^(?:D\s*-\s*)?(?<code>[0-9]{5})(?:\s+(?<rest>.*))?$")]
    private static partial Regex PostcodeFirst();

    [GeneratedRegex("^[A-Z]{2,3}$")]
    private static partial Regex CountryCode();
}
