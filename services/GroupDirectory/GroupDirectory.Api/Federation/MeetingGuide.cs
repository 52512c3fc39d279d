using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Selbsthilfe.GroupDirectory.Api.Listings;

namespace Selbsthilfe.GroupDirectory.Api.Federation;

/// <summary>
/// The Meeting Guide JSON format (https://github.com/code4recovery/spec), read by the 12 Step Meeting List and TSML UI:
/// a feed of our listings for them, and their feeds as listing requests for us.
/// </summary>
/// <remarks>
/// Choices a reader of the spec might question:
/// <list type="bullet">
/// <item>No <c>day</c>/<c>time</c>: schedules live in the events service, and the spec reads a meeting without them as
/// "by appointment". The Meeting Guide app itself skips such meetings; TSML UI lists them.</item>
/// <item><c>entity</c> is the office, not <c>group</c>: the spec's entity is "the service entity responsible for the
/// listing", which is what an office is; our listing is itself the group, whose name is already <c>name</c>.</item>
/// <item><c>types</c> only for languages and accessibility (<see cref="MeetingGuideTypes"/>): the rest are 12-step
/// codes and our topics are not among them. Topic labels are not added to <c>notes</c> either, so notes stay the
/// group's own text and survive a round trip unchanged.</item>
/// <item><c>updated</c> is the listing's last confirmation, which every content change also sets.</item>
/// <item><c>attendance_option</c> is not in the spec's field list; the 12 Step Meeting List writes and reads it, and
/// other readers ignore unknown fields. <c>region</c> is the city, which TSML UI offers as a filter.</item>
/// <item><c>contact_1_email</c>/<c>_phone</c> carry a group's function mailbox when its office gave one, but are never
/// read: the spec's contacts are persons, and a reader cannot tell a mailbox from a member's own address.</item>
/// </list>
/// </remarks>
public static class MeetingGuide
{
    public const string TimeZone = "Europe/Berlin";
    public const string Country = "DE";
    public const string UpdatedFormat = "yyyy-MM-dd HH:mm:ss";

    /// <summary>Leaves absent fields out, as the spec asks of optional fields that do not apply.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private static readonly Dictionary<string, string> AttendanceOptions = new(StringComparer.Ordinal)
    {
        ["in-person"] = "in_person", ["online"] = "online", ["hybrid"] = "hybrid",
    };

    /// <summary>
    /// The meeting a viewer may know of: built only from <paramref name="view"/>, which the projection has already
    /// stripped of what this viewer may not see. A street address goes out only where the view has it exactly and
    /// the place is not a private home; otherwise the postcode area, marked approximate, without coordinates (TSML UI
    /// reads coordinates as an exact location), with a <c>formatted_address</c> of the area for readers that geocode
    /// only that field.
    /// </summary>
    public static MeetingGuideMeeting From(ListingView view, string publicUrlBase)
    {
        var place = view.Place;
        var exact = place is { Exact: true, Kind: not "private-home" };
        return new MeetingGuideMeeting
        {
            Name = view.Name,
            Slug = view.Id.ToString(),
            Timezone = TimeZone,
            AttendanceOption = view.Status == ListingStatus.Published ? AttendanceOptions.GetValueOrDefault(view.Setting) : "inactive",
            Types = MeetingGuideTypes.Of(view.Languages, view.Accessibility),
            Notes = view.Description,
            Location = exact ? place!.Venue : null,
            Address = exact ? place!.Street : null,
            FormattedAddress = place is not null && !exact ? $"{place.Postcode} {place.City}, Deutschland" : null,
            PostalCode = place?.Postcode,
            City = place?.City,
            Region = place?.City,
            Country = place is null ? null : Country,
            Latitude = exact ? Round(place!.Latitude) : null,
            Longitude = exact ? Round(place!.Longitude) : null,
            Approximate = place is null ? null : exact ? "no" : "yes",
            Url = $"{publicUrlBase.TrimEnd('/')}/listings/{view.Id}",
            Updated = view.LastConfirmedAt.UtcDateTime.ToString(UpdatedFormat, CultureInfo.InvariantCulture),
            Entity = view.Office.Name,
            EntityPhone = view.Contact is { Kind: "office" } office ? office.Phone : null,
            Contact1Email = view.Contact is { Kind: "group-mailbox" } mailbox ? mailbox.Email : null,
            Contact1Phone = view.Contact is { Kind: "group-mailbox" } group ? group.Phone : null,
        };
    }

    /// <summary>Reads synchronously: for files and memory. In a request handler use <see cref="ParseAsync"/>.</summary>
    public static MeetingGuideParseResult Parse(Stream json, MeetingGuideDefaults defaults) =>
        BoundedRead.All(json, MeetingGuideReader.MaxBytes) is { } bytes ? MeetingGuideReader.Read(bytes, defaults) : MeetingGuideReader.TooLarge();

    public static async Task<MeetingGuideParseResult> ParseAsync(Stream json, MeetingGuideDefaults defaults, CancellationToken ct = default) =>
        await BoundedRead.AllAsync(json, MeetingGuideReader.MaxBytes, ct) is { } bytes ? MeetingGuideReader.Read(bytes, defaults) : MeetingGuideReader.TooLarge();

    public static MeetingGuideParseResult Parse(byte[] json, MeetingGuideDefaults defaults) => MeetingGuideReader.Read(json, defaults);

    /// <summary>Five decimals (about a metre) is all the spec asks for.</summary>
    private static double? Round(double? degrees) => degrees is { } d ? Math.Round(d, 5) : null;
}
