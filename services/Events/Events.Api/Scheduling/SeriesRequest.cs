using System.Globalization;
using Selbsthilfe.Events.Api.Domain;

namespace Selbsthilfe.Events.Api.Scheduling;

public sealed record PlaceRequest(string? Room, string? Address, string? Postcode, string? City);

/// <summary>
/// A meeting series (or a one-off event) as an office writes it. Times are local wall-clock times without offset
/// ("2026-12-08T19:00"), in <see cref="TimeZone"/> (default Europe/Berlin).
/// </summary>
public sealed record SeriesRequest
{
    public Guid? ListingId { get; init; }
    /// <summary>For an office's one-off event without a group; defaults to the caller's office.</summary>
    public string? OfficeId { get; init; }
    public string? Title { get; init; }
    public string? Description { get; init; }
    public string? Start { get; init; }
    public int? DurationMinutes { get; init; }
    public string? TimeZone { get; init; }
    /// <summary>RFC 5545 RRULE value, e.g. "FREQ=MONTHLY;BYDAY=2TU".</summary>
    public string? Rrule { get; init; }
    public IReadOnlyList<string>? Exdates { get; init; }
    public IReadOnlyList<string>? Rdates { get; init; }
    public PlaceRequest? Place { get; init; }
    /// <summary>Given to subscribers only; never public.</summary>
    public string? OnlineLink { get; init; }
    public int? Capacity { get; init; }
}

/// <summary>A change to one meeting, addressed by its original local start.</summary>
public sealed record OccurrenceChangeRequest
{
    public bool? Cancelled { get; init; }
    public string? Start { get; init; }
    public int? DurationMinutes { get; init; }
    public PlaceRequest? Place { get; init; }
    public string? Note { get; init; }
}

public sealed record PauseRequest(string? From, string? To, string? Reason);

/// <summary>What a valid <see cref="SeriesRequest"/> says.</summary>
public sealed record SeriesDefinition(
    string? Title, string? Description, TimeZoneInfo Zone, DateTime StartsLocal, TimeSpan Duration, RecurrenceRule? Rule,
    DateTime[] RDates, DateTime[] ExDates, Place Place, int? Capacity);

/// <summary>
/// Validation of what offices send: every problem is named with its field, in German with English, and nothing is
/// stored unless all is well. A wrong rule names the rule part that is wrong.
/// </summary>
public static class SeriesRules
{
    public const string DefaultTimeZone = "Europe/Berlin";
    private static readonly string[] LocalFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"];
    private const int MaxText = 2000;

    public static Dictionary<string, string[]> Validate(SeriesRequest r, bool oneOff, out SeriesDefinition? definition, out string? rulePart)
    {
        var errors = new Dictionary<string, string[]>();
        definition = null;
        rulePart = null;

        TimeZoneInfo zone = null!;
        if (!TryZone(r.TimeZone ?? DefaultTimeZone, out zone))
        {
            errors["timeZone"] = [$"Unbekannte Zeitzone; erwartet wird ein IANA-Name wie {DefaultTimeZone}. / Unknown time zone; expected an IANA name such as {DefaultTimeZone}."];
        }
        var start = LocalTime(r.Start, "start", errors, required: true);
        var duration = TimeSpan.Zero;
        if (r.DurationMinutes is not { } minutes || minutes < 1 || minutes > 7 * 24 * 60)
        {
            errors["durationMinutes"] = ["Dauer in Minuten zwischen 1 und 10080 angeben. / Give the duration in minutes, 1 to 10080."];
        }
        else duration = TimeSpan.FromMinutes(minutes);

        RecurrenceRule? rule = null;
        if (oneOff)
        {
            if (!string.IsNullOrWhiteSpace(r.Rrule)) errors["rrule"] = ["Eine Einzelveranstaltung hat keine Wiederholungsregel. / A one-off event has no recurrence rule."];
            if (string.IsNullOrWhiteSpace(r.Title)) errors["title"] = ["Titel angeben. / Give a title."];
        }
        else if (!string.IsNullOrWhiteSpace(r.Rrule))
        {
            try
            {
                rule = RecurrenceRule.Parse(r.Rrule);
                if (rule.Frequency is RecurrenceFrequency.Secondly or RecurrenceFrequency.Minutely or RecurrenceFrequency.Hourly)
                {
                    rulePart = "FREQ";
                    errors["rrule"] = ["FREQ: Treffen wiederholen sich höchstens täglich (DAILY, WEEKLY, MONTHLY oder YEARLY). / Meetings repeat at most daily."];
                }
            }
            catch (RecurrenceRuleException ex)
            {
                rulePart = ex.Part;
                errors["rrule"] = [ex.Message];
            }
        }

        var exdates = LocalTimes(r.Exdates, "exdates", errors);
        var rdates = LocalTimes(r.Rdates, "rdates", errors);
        if (!oneOff && rule is null && rdates.Length == 0 && !errors.ContainsKey("rrule"))
        {
            errors["rrule"] = ["Eine Terminreihe braucht eine Regel (RRULE) oder weitere Termine (rdates). / A series needs a rule or extra dates."];
        }

        var place = ToPlace(r.Place, r.OnlineLink, errors);
        if (r.Capacity is < 1 or > 100000) errors["capacity"] = ["Teilnehmerzahl muss positiv sein. / Capacity must be positive."];
        Text(r.Title, "title", 200, errors);
        Text(r.Description, "description", MaxText, errors);

        if (errors.Count == 0)
        {
            definition = new SeriesDefinition(Clean(r.Title), Clean(r.Description), zone, start!.Value, duration, rule, rdates, exdates, place!, r.Capacity);
        }
        return errors;
    }

    public static Place? ToPlace(PlaceRequest? p, string? onlineLink, Dictionary<string, string[]> errors)
    {
        string? link = null;
        if (!string.IsNullOrWhiteSpace(onlineLink))
        {
            if (!Uri.TryCreate(onlineLink.Trim(), UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            {
                errors["onlineLink"] = ["Der Link muss eine https-Adresse sein. / The link must be an https address."];
            }
            else link = uri.ToString();
        }
        if (p?.Postcode is { } postcode && !(postcode.Length == 5 && postcode.All(char.IsAsciiDigit)))
        {
            errors["place.postcode"] = ["Postleitzahl mit fünf Ziffern angeben. / Give a five-digit postcode."];
        }
        Text(p?.Room, "place.room", 200, errors);
        Text(p?.Address, "place.address", 300, errors);
        Text(p?.City, "place.city", 100, errors);
        return new Place(Clean(p?.Room), Clean(p?.Address), Clean(p?.Postcode), Clean(p?.City), link);
    }

    public static DateTime? LocalTime(string? value, string field, Dictionary<string, string[]> errors, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) errors[field] = ["Ortszeit im Format JJJJ-MM-TTTHH:MM angeben. / Give a local time as YYYY-MM-DDTHH:MM."];
            return null;
        }
        if (DateTime.TryParseExact(value.Trim(), LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            && local.Year is >= 1900 and <= 2200)
        {
            return DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        }
        errors[field] = ["Ortszeit ohne Zeitzonenangabe im Format JJJJ-MM-TTTHH:MM erwartet. / Expected a local time without offset, YYYY-MM-DDTHH:MM."];
        return null;
    }

    public static DateOnly? Date(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (DateOnly.TryParseExact(value?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        errors[field] = ["Datum im Format JJJJ-MM-TT angeben. / Give a date as YYYY-MM-DD."];
        return null;
    }

    private static DateTime[] LocalTimes(IReadOnlyList<string>? values, string field, Dictionary<string, string[]> errors)
    {
        if (values is null) return [];
        if (values.Count > 500)
        {
            errors[field] = ["Höchstens 500 Termine. / At most 500 dates."];
            return [];
        }
        var result = new List<DateTime>();
        for (var i = 0; i < values.Count; i++)
        {
            if (LocalTime(values[i], $"{field}[{i}]", errors, required: true) is { } local) result.Add(local);
        }
        return result.Distinct().Order().ToArray();
    }

    public static void Text(string? value, string field, int max, Dictionary<string, string[]> errors)
    {
        if (value is not null && value.Length > max) errors[field] = [$"Höchstens {max} Zeichen. / At most {max} characters."];
    }

    public static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public static bool TryZone(string id, out TimeZoneInfo zone)
    {
        zone = null!;
        if (!id.Contains('/') && id != "UTC") return false; // IANA names only, no Windows names or abbreviations
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }

    public static string FormatLocal(DateTime local) => local.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
}
