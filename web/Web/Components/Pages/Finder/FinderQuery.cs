using System.Globalization;
using System.Text;

namespace Selbsthilfe.Web.Components.Pages.Finder;

/// <summary>
/// The finder's form as it arrives in the query string (German parameter names, so a shared link reads well), checked
/// and turned into the directory's search query. Pure: no I/O, so every rule is a unit test away. Values the form
/// cannot produce get a message for their field, never an exception.
/// </summary>
public sealed class FinderQuery
{
    public const int PageSize = 20;
    public const int MaxTextLength = 200;

    public static readonly string[] Audiences = ["affected", "relatives", "both"];
    public static readonly string[] Settings = ["in-person", "online", "hybrid"];
    public static readonly string[] Sorts = ["relevance", "distance", "name"];
    public static readonly string[] Accessibility =
        ["wheelchair-accessible", "step-free", "accessible-toilet", "hearing-loop", "sign-language", "easy-language", "parking", "public-transport"];
    /// <summary>Weekdays as the form names them (ISO order, Monday first).</summary>
    public static readonly string[] Weekdays = ["mo", "di", "mi", "do", "fr", "sa", "so"];
    public static readonly string[] TimesOfDay = ["vormittags", "nachmittags", "abends"];
    public static readonly int[] Radii = [5, 10, 25, 50, 100];

    public string? Text { get; private init; }
    public string? Topic { get; private init; }
    public string? Place { get; private init; }
    public string? Postcode { get; private init; }
    public int? RadiusKm { get; private init; }
    public double? Latitude { get; private init; }
    public double? Longitude { get; private init; }
    public string? Audience { get; private init; }
    public string? Setting { get; private init; }
    public string? LanguageCode { get; private init; }
    public IReadOnlyList<string> AccessibilityNeeds { get; private init; } = [];
    public bool OpenOnly { get; private init; }
    public string? Office { get; private init; }
    public IReadOnlyList<DayOfWeek> Days { get; private init; } = [];
    public string? TimeOfDay { get; private init; }
    public string? Sort { get; private init; }
    public string? Cursor { get; private init; }

    /// <summary>Messages per form field (the field's name in the form).</summary>
    public IReadOnlyDictionary<string, string> Errors { get; private init; } = new Dictionary<string, string>();

    /// <summary>Nothing asked yet: the start page.</summary>
    public bool IsEmpty => IsValid && Text is null && Topic is null && Place is null && Latitude is null && Audience is null &&
                           Setting is null && LanguageCode is null && AccessibilityNeeds.Count == 0 && !OpenOnly && Office is null &&
                           !FiltersMeetings && Cursor is null;

    /// <summary>Weekday or time of day: filters on the next meetings, which the directory does not know.</summary>
    public bool FiltersMeetings => Days.Count > 0 || TimeOfDay is not null;

    public bool IsValid => Errors.Count == 0;

    /// <summary>Error messages, localised by the caller: keys are resource names of the Finder texts.</summary>
    public static FinderQuery Parse(Func<string, string?> value, Func<string, string[]> values)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        string? Clean(string name, int max)
        {
            var given = value(name)?.Trim();
            if (string.IsNullOrEmpty(given)) return null;
            if (given.Any(char.IsControl) || given.Length > max || !IsWellFormed(given))
            {
                errors[name] = "ErrorInvalidText";
                return null;
            }
            return given;
        }
        string? OneOf(string name, string[] allowed)
        {
            var given = value(name)?.Trim();
            if (string.IsNullOrEmpty(given)) return null;
            if (allowed.Contains(given, StringComparer.Ordinal)) return given;
            errors[name] = "ErrorChoice";
            return null;
        }

        var text = Clean("q", MaxTextLength);
        var topic = Clean("thema", 80);
        if (topic is not null && !topic.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')) { errors["thema"] = "ErrorChoice"; topic = null; }
        var place = Clean("ort", 80);
        string? postcode = null;
        if (place is not null && place.All(char.IsAsciiDigit))
        {
            if (place.Length is < 2 or > 5) errors["ort"] = "ErrorPostcode";
            else postcode = place;
        }

        int? radius = null;
        var radiusText = value("umkreis")?.Trim();
        if (!string.IsNullOrEmpty(radiusText))
        {
            if (int.TryParse(radiusText, NumberStyles.None, CultureInfo.InvariantCulture, out var km) && km is >= 1 and <= 500) radius = km;
            else errors["umkreis"] = "ErrorRadius";
        }

        double? lat = null, lon = null;
        var latText = value("lat")?.Trim();
        var lonText = value("lon")?.Trim();
        if (!string.IsNullOrEmpty(latText) || !string.IsNullOrEmpty(lonText))
        {
            if (double.TryParse(latText, NumberStyles.Float, CultureInfo.InvariantCulture, out var la) && la is >= -90 and <= 90 &&
                double.TryParse(lonText, NumberStyles.Float, CultureInfo.InvariantCulture, out var lo) && lo is >= -180 and <= 180)
            {
                (lat, lon) = (Math.Round(la, 3), Math.Round(lo, 3));
            }
            else errors["ort"] = "ErrorLocation";
        }

        // A place typed in wins over a location the browser gave before.
        if (place is not null) (lat, lon) = (null, null);

        var days = new List<DayOfWeek>();
        foreach (var day in values("tag").Where(d => !string.IsNullOrWhiteSpace(d)).Distinct())
        {
            var index = Array.IndexOf(Weekdays, day.Trim());
            if (index < 0) { errors["tag"] = "ErrorChoice"; continue; }
            days.Add((DayOfWeek)((index + 1) % 7));
        }
        var needs = values("barrierefrei").Where(a => !string.IsNullOrWhiteSpace(a)).Distinct().ToList();
        if (needs.Any(n => !Accessibility.Contains(n))) { errors["barrierefrei"] = "ErrorChoice"; needs = [.. needs.Where(Accessibility.Contains)]; }

        var open = value("offen")?.Trim();
        if (!string.IsNullOrEmpty(open) && open != "1") errors["offen"] = "ErrorChoice";
        var language = Clean("sprache", 3);
        if (language is not null && !language.All(char.IsAsciiLetterLower)) { errors["sprache"] = "ErrorChoice"; language = null; }
        var office = Clean("stelle", 80);
        if (office is not null && !office.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')) { errors["stelle"] = "ErrorChoice"; office = null; }
        var cursor = Clean("weiter", 1000);

        return new FinderQuery
        {
            Text = text, Topic = topic, Place = place, Postcode = postcode, RadiusKm = radius, Latitude = lat, Longitude = lon,
            Audience = OneOf("zielgruppe", Audiences), Setting = OneOf("form", Settings), LanguageCode = language,
            AccessibilityNeeds = needs, OpenOnly = open == "1", Office = office, Days = days,
            TimeOfDay = OneOf("zeit", TimesOfDay), Sort = OneOf("sortierung", Sorts), Cursor = cursor, Errors = errors,
        };
    }

    /// <summary>No unpaired surrogate (what a broken percent-encoding can leave behind).</summary>
    private static bool IsWellFormed(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) { i++; continue; }
            if (char.IsSurrogate(value[i])) return false;
        }
        return true;
    }

    /// <summary>
    /// The directory's search query for this form. A place in words (not a postcode) is searched as text, since the
    /// directory places only postcodes and coordinates; a radius needs a postcode or the browser's location.
    /// </summary>
    public string ApiQuery(string? cursor, int limit, bool facets)
    {
        var q = new StringBuilder();
        void Add(string name, string? value)
        {
            if (value is null) return;
            if (q.Length > 0) q.Append('&');
            q.Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }
        var text = Postcode is null && Latitude is null && Place is not null ? $"{Text} {Place}".Trim() : Text;
        Add("q", text);
        Add("topic", Topic);
        if (Latitude is { } lat && Longitude is { } lon)
        {
            Add("lat", lat.ToString(CultureInfo.InvariantCulture));
            Add("lon", lon.ToString(CultureInfo.InvariantCulture));
        }
        else Add("postcode", Postcode);
        if (HasCentre) Add("radiusKm", (RadiusKm ?? DefaultRadiusKm).ToString(CultureInfo.InvariantCulture));
        Add("audience", Audience);
        Add("setting", Setting);
        Add("language", LanguageCode);
        foreach (var need in AccessibilityNeeds) Add("accessibility", need);
        if (OpenOnly) Add("open", "true");
        Add("office", Office);
        Add("sort", Sort ?? (HasCentre && Text is null && Topic is null ? "distance" : null));
        Add("cursor", cursor);
        Add("limit", limit.ToString(CultureInfo.InvariantCulture));
        Add("facets", facets ? "true" : "false");
        return q.ToString();
    }

    public const int DefaultRadiusKm = 25;

    /// <summary>A place the directory can measure distances from.</summary>
    public bool HasCentre => Postcode is not null || Latitude is not null;

    /// <summary>Whether a meeting fits the weekday and time-of-day filters (local time in Europe/Berlin).</summary>
    public bool Fits(DateTime localStart)
    {
        if (Days.Count > 0 && !Days.Contains(localStart.DayOfWeek)) return false;
        return TimeOfDay switch
        {
            "vormittags" => localStart.Hour < 12,
            "nachmittags" => localStart.Hour is >= 12 and < 17,
            "abends" => localStart.Hour >= 17,
            _ => true,
        };
    }
}
