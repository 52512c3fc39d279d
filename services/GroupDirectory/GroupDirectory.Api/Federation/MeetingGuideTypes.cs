namespace Selbsthilfe.GroupDirectory.Api.Federation;

/// <summary>
/// Meeting Guide type codes (the spec's type table, https://github.com/code4recovery/spec#types) for what our listings
/// record: languages and accessibility, read from others' feeds and written into ours, so a listing survives the round
/// trip. The other types are 12-step codes that have no counterpart here.
/// </summary>
internal static class MeetingGuideTypes
{
    public static readonly Dictionary<string, string> Languages = new(StringComparer.OrdinalIgnoreCase)
    {
        ["DE"] = "de", ["EN"] = "en", ["FR"] = "fr", ["S"] = "es", ["ITA"] = "it", ["POL"] = "pl", ["POR"] = "pt", ["RUS"] = "ru",
        ["UK"] = "uk", ["EL"] = "el", ["HE"] = "he", ["HU"] = "hu", ["HR"] = "hr", ["SK"] = "sk", ["SV"] = "sv", ["DA"] = "da",
        ["NO"] = "no", ["LT"] = "lt", ["FA"] = "fa", ["JA"] = "ja", ["TH"] = "th", ["HI"] = "hi", ["AM"] = "am", ["KOR"] = "ko",
    };

    public static readonly Dictionary<string, string> Accessibility = new(StringComparer.OrdinalIgnoreCase)
    {
        ["X"] = "wheelchair-accessible", ["XB"] = "accessible-toilet",
    };

    private static readonly Dictionary<string, string> ForValue =
        Languages.Concat(Accessibility).ToDictionary(t => t.Value, t => t.Key, StringComparer.Ordinal);

    /// <summary>The types for a listing's languages and accessibility features; null when none has a type.</summary>
    public static IReadOnlyList<string>? Of(IEnumerable<string> languages, IEnumerable<string> accessibility) =>
        languages.Concat(accessibility).Select(v => ForValue.GetValueOrDefault(v)).OfType<string>().ToList() is { Count: > 0 } types ? types : null;
}
