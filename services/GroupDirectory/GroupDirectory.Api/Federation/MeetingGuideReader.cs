using System.Globalization;
using System.Net;
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

/// <summary>
/// One meeting of a feed (0-based position), its slug (the feed's key for it), the request it maps to, and what did not
/// map. <paramref name="Inactive"/>: the feed lists the meeting but says it does not take place now, which is no error.
/// </summary>
public sealed record MeetingGuideImport(int Index, string? Slug, ListingRequest Request, IReadOnlyList<string> Errors, bool Inactive = false);

/// <summary>The meetings of a feed, or why the feed as a whole could not be read.</summary>
public sealed record MeetingGuideParseResult(IReadOnlyList<MeetingGuideImport> Meetings, IReadOnlyList<string> Errors);

/// <summary>
/// Maps a feed's meetings to listing requests, tolerant as feeds in the wild require: unknown fields are ignored,
/// numbers may come as strings, <c>day</c> may be a number or an array (we read neither), any optional field may be
/// missing, texts may carry HTML, the list may come wrapped as <c>{"meetings": [...]}</c>. Whether a request makes a
/// valid listing is for <see cref="ListingRules"/> to say.
/// </summary>
internal static partial class MeetingGuideReader
{
    public const int MaxBytes = 20 * 1024 * 1024;
    public const int MaxMeetings = 10_000;
    public const int MaxSlugLength = 100;

    private static readonly JsonDocumentOptions Tolerant = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

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
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("meetings", out var wrapped)) root = wrapped;
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
        var slug = Text(meeting, "slug");
        if (slug is null) errors.Add("slug: Pflichtfeld. / slug: required.");
        else if (slug.Length > MaxSlugLength) errors.Add($"slug: höchstens {MaxSlugLength} Zeichen. / slug: at most {MaxSlugLength} characters.");
        var name = Html(Text(meeting, "name"), singleLine: true);
        if (name is null) errors.Add("name: Pflichtfeld. / name: required.");

        var types = Types(meeting);
        var languages = types.Select(t => MeetingGuideTypes.Languages.GetValueOrDefault(t)).OfType<string>().Distinct().ToList();
        var setting = Setting(meeting, types);
        var request = new ListingRequest
        {
            Name = name,
            Description = Html(Text(meeting, "notes"), singleLine: false),
            Topics = defaults.Topics,
            Audience = defaults.Audience,
            Languages = languages.Count > 0 ? languages : defaults.Languages,
            Setting = setting,
            Place = Place(meeting, setting, LocationClosed(types), errors),
            Accessibility = types.Select(t => MeetingGuideTypes.Accessibility.GetValueOrDefault(t)).OfType<string>().Distinct().ToList(),
            Openness = defaults.Openness,
            // The spec's contact_1..3 are contact persons, with or without a name given: the e-mail or phone of a member
            // of a recovery meeting, which says something of their health. A listing never carries a member's data, so
            // the way to an imported meeting is through its office.
            Contact = new ContactRequest("office", null, null),
            Visibility = defaults.Visibility,
        };
        return new MeetingGuideImport(index, slug, request, errors, Inactive: setting is null);
    }

    /// <summary>The spec's type TC: the meeting's location is temporarily closed, not the meeting.</summary>
    private static bool LocationClosed(List<string> types) => types.Contains("TC", StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// <c>attendance_option</c> where given (TSML writes it; others "In Person" or "in-person"); else, and for a value
    /// we do not know, what the feed implies: a conference link or the type ONL with an address make a hybrid meeting,
    /// without one an online one, anything else an in-person one. A meeting whose location is temporarily closed (TC)
    /// goes on online where it can be joined online, as the spec and TSML read it, and does not take place otherwise.
    /// Null for a meeting that does not take place now.
    /// </summary>
    private static string? Setting(JsonElement meeting, List<string> types) =>
        Attendance(meeting, types) is var setting && LocationClosed(types)
            ? setting switch { "in-person" => null, "hybrid" => "online", _ => setting }
            : setting;

    private static string? Attendance(JsonElement meeting, List<string> types)
    {
        switch (Text(meeting, "attendance_option")?.ToLowerInvariant().Replace(' ', '_').Replace('-', '_'))
        {
            case "in_person": return "in-person";
            case "online": return "online";
            case "hybrid": return "hybrid";
            case "inactive": return null;
        }
        var online = Text(meeting, "conference_url") is not null || Text(meeting, "conference_phone") is not null
            || types.Contains("ONL", StringComparer.OrdinalIgnoreCase);
        // Online meetings often carry an approximate origin ("Berlin, Deutschland"), which is no place to go to.
        var address = Text(meeting, "approximate") != "yes"
            && (Text(meeting, "address") is not null || Text(meeting, "formatted_address") is { } formatted && MeetingGuideAddress.Parse(formatted).Street is not null);
        return online ? address ? "hybrid" : "online" : "in-person";
    }

    /// <summary>
    /// The meeting's place as a public venue (a feed lists places anyone may go to). An online meeting keeps a place
    /// only when it has a postcode: the spec's approximate origin ("Chicago, IL") is no place we could validate. A place
    /// outside Germany is refused with its reason; coordinates come in pairs, and 0,0 (a placeholder) is none. A
    /// location temporarily closed (TC) is no place to go to either: only its postcode area stays.
    /// </summary>
    private static PlaceRequest? Place(JsonElement meeting, string? setting, bool closed, List<string> errors)
    {
        var (street, city) = (Html(Text(meeting, "address"), singleLine: true), Html(Text(meeting, "city"), singleLine: true));
        var postcode = MeetingGuideAddress.Postcode(Text(meeting, "postal_code"),
            meeting.TryGetProperty("postal_code", out var code) && code.ValueKind == JsonValueKind.Number);
        var foreign = Text(meeting, "country") is { } country && MeetingGuideAddress.IsForeign(country);
        // Many feeds have only formatted_address; some the street in address and the rest only there.
        var formatted = postcode is null ? Html(Text(meeting, "formatted_address"), singleLine: true) : null;
        if (formatted is not null)
        {
            var parts = MeetingGuideAddress.Parse(formatted);
            (street, postcode, city, foreign) = (street ?? parts.Street, parts.Postcode, city ?? parts.City, foreign || parts.Foreign);
        }
        var venue = Html(Text(meeting, "location"), singleLine: true);
        var latitude = Number(meeting, "latitude", errors);
        var longitude = Number(meeting, "longitude", errors);
        if (latitude is null || longitude is null || (latitude == 0 && longitude == 0)) (latitude, longitude) = (null, null);
        if (closed) (venue, street, latitude, longitude) = (null, null, null, null);
        if (venue is null && street is null && postcode is null && city is null && latitude is null && formatted is null) return null;
        if (setting == "online" && (postcode is null || foreign)) return null;
        if (foreign) errors.Add("Adresse: nicht in Deutschland. / Address: not in Germany.");
        else if (formatted is not null && postcode is null)
            errors.Add("formatted_address: keine deutsche Postleitzahl mit Ort erkannt. / formatted_address: no German postcode and city found.");
        return new PlaceRequest("public-venue", venue, street, postcode, city, latitude, longitude);
    }

    /// <summary>An array of type codes, or one string of them separated by commas ("O, X, DE").</summary>
    private static List<string> Types(JsonElement meeting) => meeting.TryGetProperty("types", out var types)
        ? types.ValueKind switch
        {
            JsonValueKind.Array => types.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!.Trim()).ToList(),
            JsonValueKind.String => types.GetString()!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList(),
            _ => [],
        }
        : [];

    /// <summary>
    /// Text as WordPress sites write it: tags stripped (a line break kept as one), entities decoded ("&amp;amp;" → "&amp;").
    /// A single-line field (name, address) has its line breaks and runs of spaces made one space.
    /// </summary>
    private static string? Html(string? text, bool singleLine)
    {
        if (text is null || text.AsSpan().IndexOfAny('<', '&') < 0) return text;
        var plain = WebUtility.HtmlDecode(Tag().Replace(LineBreak().Replace(text, "\n"), ""));
        plain = singleLine ? Spaces().Replace(plain, " ") : BlankLines().Replace(plain.Replace("\r\n", "\n"), "\n\n");
        return string.IsNullOrWhiteSpace(plain) ? null : plain.Trim();
    }

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

    [GeneratedRegex(@"<br\s*/?>|</p\s*>", RegexOptions.IgnoreCase)]
    private static partial Regex LineBreak();

    [GeneratedRegex(@"</?[a-zA-Z][^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"[ \t]*\n[ \t\n]*\n[ \t]*")]
    private static partial Regex BlankLines();
}
