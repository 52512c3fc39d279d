using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;
using System.Text.RegularExpressions;
using Selbsthilfe.GroupDirectory.Api.Listings;

namespace Selbsthilfe.GroupDirectory.Api.Federation;

/// <summary>
/// What a Meeting Guide feed does not say about a group, and the importing office decides: the topics (the feed's
/// types are 12-step codes), and audience, languages, openness and visibility where the feed is silent.
/// </summary>
public sealed record MeetingGuideDefaults(IReadOnlyList<string> Topics)
{
    public string Audience { get; init; } = "both";
    public IReadOnlyList<string> Languages { get; init; } = ["de"];
    public string Openness { get; init; } = "open";
    public string Visibility { get; init; } = Listings.Visibility.Public;
}

/// <summary>One meeting of a feed (0-based position), its slug (the feed's key for it), the request it maps to, and what did not map.</summary>
public sealed record MeetingGuideImport(int Index, string? Slug, ListingRequest Request, IReadOnlyList<string> Errors);

/// <summary>The meetings of a feed, or why the feed as a whole could not be read.</summary>
public sealed record MeetingGuideParseResult(IReadOnlyList<MeetingGuideImport> Meetings, IReadOnlyList<string> Errors);

/// <summary>
/// Maps a feed's meetings to listing requests, tolerant as feeds in the wild require: unknown fields are ignored,
/// numbers may come as strings, <c>day</c> may be a number or an array (we read neither), any optional field may be
/// missing. Whether a request makes a valid listing is for <see cref="ListingRules"/> to say.
/// </summary>
internal static partial class MeetingGuideReader
{
    public const int MaxBytes = 20 * 1024 * 1024;
    public const int MaxMeetings = 10_000;
    public const int MaxSlugLength = 100;

    private static readonly JsonDocumentOptions Tolerant = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    /// <summary>Meeting Guide language types (see the spec's type table) for the languages our listings record.</summary>
    private static readonly Dictionary<string, string> LanguageTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["DE"] = "de", ["EN"] = "en", ["FR"] = "fr", ["S"] = "es", ["ITA"] = "it", ["POL"] = "pl", ["POR"] = "pt", ["RUS"] = "ru",
        ["UK"] = "uk", ["EL"] = "el", ["HE"] = "he", ["HU"] = "hu", ["HR"] = "hr", ["SK"] = "sk", ["SV"] = "sv", ["DA"] = "da",
        ["NO"] = "no", ["LT"] = "lt", ["FA"] = "fa", ["JA"] = "ja", ["TH"] = "th", ["HI"] = "hi", ["AM"] = "am", ["KOR"] = "ko",
    };

    private static readonly Dictionary<string, string> AccessibilityTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["X"] = "wheelchair-accessible", ["XB"] = "accessible-toilet",
    };

    public static MeetingGuideParseResult TooLarge() =>
        Failed($"Der Feed ist größer als {MaxBytes / 1024 / 1024} MB. / The feed is larger than {MaxBytes / 1024 / 1024} MB.");

    public static MeetingGuideParseResult Read(byte[] json, MeetingGuideDefaults defaults)
    {
        if (json.Length > MaxBytes) return TooLarge();
        var utf8 = json.AsMemory();
        if (utf8.Span.StartsWith("\uFEFF"u8)) utf8 = utf8[3..];
        // The reader checks UTF-8 only when a string is read; checked here, no mapping step can throw on it.
        if (!Utf8.IsValid(utf8.Span)) return Failed("Der Feed ist nicht UTF-8-kodiert. / The feed is not UTF-8 encoded.");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, Tolerant);
        }
        catch (JsonException e)
        {
            var (line, position) = (e.LineNumber + 1, e.BytePositionInLine + 1);
            return Failed($"Kein gültiges JSON (Zeile {line}, Position {position}). / Not valid JSON (line {line}, position {position}).");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
                return Failed("Erwartet wird ein JSON-Array von Treffen. / Expected a JSON array of meetings.");
            if (root.GetArrayLength() > MaxMeetings)
                return Failed($"Höchstens {MaxMeetings} Treffen je Feed. / At most {MaxMeetings} meetings per feed.");

            var meetings = new List<MeetingGuideImport>();
            var firstIndexOf = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var element in root.EnumerateArray())
            {
                var meeting = Meeting(meetings.Count, element, defaults);
                if (meeting.Slug is { } slug && !firstIndexOf.TryAdd(slug, meeting.Index))
                {
                    var first = firstIndexOf[slug];
                    meeting = meeting with
                    {
                        Errors = [.. meeting.Errors, $"slug: „{slug}“ steht schon bei Treffen {first}. / slug: \"{slug}\" already used by meeting {first}."],
                    };
                }
                meetings.Add(meeting);
            }
            return new MeetingGuideParseResult(meetings, []);
        }
    }

    private static MeetingGuideImport Meeting(int index, JsonElement meeting, MeetingGuideDefaults defaults)
    {
        var errors = new List<string>();
        if (meeting.ValueKind != JsonValueKind.Object)
        {
            errors.Add("Das Treffen ist kein JSON-Objekt. / The meeting is not a JSON object.");
            return new MeetingGuideImport(index, null, new ListingRequest(), errors);
        }
        string? Field(string name) => Text(meeting, name);

        var slug = Field("slug");
        if (slug is null) errors.Add("slug: Pflichtfeld. / slug: required.");
        else if (slug.Length > MaxSlugLength) errors.Add($"slug: höchstens {MaxSlugLength} Zeichen. / slug: at most {MaxSlugLength} characters.");
        if (Field("name") is null) errors.Add("name: Pflichtfeld. / name: required.");

        var types = Types(meeting);
        var languages = types.Select(t => LanguageTypes.GetValueOrDefault(t)).OfType<string>().Distinct().ToList();
        var setting = Setting(meeting, errors);
        var request = new ListingRequest
        {
            Name = Field("name"),
            Description = Field("notes"),
            Topics = defaults.Topics,
            Audience = defaults.Audience,
            Languages = languages.Count > 0 ? languages : defaults.Languages,
            Setting = setting,
            Place = Place(meeting, setting, errors),
            Accessibility = types.Select(t => AccessibilityTypes.GetValueOrDefault(t)).OfType<string>().Distinct().ToList(),
            Openness = defaults.Openness,
            Contact = new ContactRequest("office", null, null),
            Visibility = defaults.Visibility,
        };
        return new MeetingGuideImport(index, slug, request, errors);
    }

    /// <summary>
    /// <c>attendance_option</c> where given (TSML writes it); else what the feed implies: a conference link and an
    /// address make a hybrid meeting, a link alone an online one, anything else an in-person one.
    /// </summary>
    private static string? Setting(JsonElement meeting, List<string> errors)
    {
        switch (Text(meeting, "attendance_option"))
        {
            case "in_person": return "in-person";
            case "online": return "online";
            case "hybrid": return "hybrid";
            case "inactive":
                errors.Add("attendance_option: Das Treffen findet nicht statt (inactive). / attendance_option: the meeting is inactive.");
                return null;
            case { } other:
                errors.Add($"attendance_option: unbekannter Wert „{other}“. / attendance_option: unknown value \"{other}\".");
                return null;
        }
        var online = Text(meeting, "conference_url") is not null || Text(meeting, "conference_phone") is not null;
        // Online meetings often carry an approximate origin ("Berlin, Deutschland"), which is no place to go to.
        var address = Text(meeting, "approximate") != "yes"
            && (Text(meeting, "address") is not null || Text(meeting, "formatted_address") is { } formatted && SplitGermanAddress(formatted).Street is not null);
        return online ? address ? "hybrid" : "online" : "in-person";
    }

    /// <summary>
    /// The meeting's place as a public venue (a feed lists places anyone may go to). An online meeting keeps a place
    /// only when it has a postcode: the spec's approximate origin ("Chicago, IL") is no place we could validate.
    /// </summary>
    private static PlaceRequest? Place(JsonElement meeting, string? setting, List<string> errors)
    {
        var (street, postcode, city) = (Text(meeting, "address"), Text(meeting, "postal_code"), Text(meeting, "city"));
        if ((street ?? postcode ?? city) is null && Text(meeting, "formatted_address") is { } formatted)
            (street, postcode, city) = SplitGermanAddress(formatted);
        var venue = Text(meeting, "location");
        var latitude = Number(meeting, "latitude", errors);
        var longitude = Number(meeting, "longitude", errors);
        if (venue is null && street is null && postcode is null && city is null && latitude is null && longitude is null) return null;
        if (setting == "online" && postcode is null) return null;
        return new PlaceRequest("public-venue", venue, street, postcode, city, latitude, longitude);
    }

    /// <summary>"Lindenstraße 12, 14467 Potsdam, Deutschland" → street, postcode, city; parts it cannot place stay null.</summary>
    private static (string? Street, string? Postcode, string? City) SplitGermanAddress(string formatted)
    {
        var parts = formatted.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            if (PostcodeAndCity().Match(parts[i]) is { Success: true } match)
                return (i > 0 ? parts[i - 1] : null, match.Groups[1].Value, match.Groups[2].Value);
        }
        return (null, null, null);
    }

    private static List<string> Types(JsonElement meeting) =>
        meeting.TryGetProperty("types", out var types) && types.ValueKind == JsonValueKind.Array
            ? types.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!.Trim()).ToList()
            : [];

    /// <summary>A string field, trimmed; a number is taken as its text (integer slugs are allowed); anything else is absent.</summary>
    private static string? Text(JsonElement meeting, string name)
    {
        if (!meeting.TryGetProperty(name, out var value)) return null;
        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    /// <summary>A number, or a string holding one ("52.5", also "52,5").</summary>
    private static double? Number(JsonElement meeting, string name, List<string> errors)
    {
        if (!meeting.TryGetProperty(name, out var value) || value.ValueKind is JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number)) return number;
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()?.Trim() : null;
        if (text is "") return null;
        if (text is not null && double.TryParse(text.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number))
            return number;
        errors.Add($"{name}: keine Zahl ({value.GetRawText()}). / {name}: not a number ({value.GetRawText()}).");
        return null;
    }

    private static MeetingGuideParseResult Failed(string error) => new([], [error]);

    [GeneratedRegex(@"^([0-9]{5})\s+(.+)$")]
    private static partial Regex PostcodeAndCity();
}
