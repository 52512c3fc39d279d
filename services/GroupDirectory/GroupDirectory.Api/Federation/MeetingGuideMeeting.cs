using System.Text.Json.Serialization;

namespace Selbsthilfe.GroupDirectory.Api.Federation;

/// <summary>
/// One meeting of a Meeting Guide feed (https://github.com/code4recovery/spec), with the fields we can fill. Absent
/// (null) fields are left out when written with <see cref="MeetingGuide.JsonOptions"/>, as the spec asks for optional
/// fields that do not apply.
/// </summary>
public sealed record MeetingGuideMeeting
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("slug")] public required string Slug { get; init; }
    [JsonPropertyName("timezone")] public string? Timezone { get; init; }
    [JsonPropertyName("attendance_option")] public string? AttendanceOption { get; init; }
    /// <summary>Spec type codes: here only languages and accessibility.</summary>
    [JsonPropertyName("types")] public IReadOnlyList<string>? Types { get; init; }
    [JsonPropertyName("notes")] public string? Notes { get; init; }
    [JsonPropertyName("location")] public string? Location { get; init; }
    [JsonPropertyName("address")] public string? Address { get; init; }
    /// <summary>Only for a place given as its area ("14467 Potsdam, Deutschland"), with <see cref="Approximate"/> "yes".</summary>
    [JsonPropertyName("formatted_address")] public string? FormattedAddress { get; init; }
    [JsonPropertyName("postal_code")] public string? PostalCode { get; init; }
    [JsonPropertyName("city")] public string? City { get; init; }
    [JsonPropertyName("country")] public string? Country { get; init; }
    [JsonPropertyName("region")] public string? Region { get; init; }
    [JsonPropertyName("latitude")] public double? Latitude { get; init; }
    [JsonPropertyName("longitude")] public double? Longitude { get; init; }
    /// <summary>"yes" when the address is only the area (postcode and city), "no" for a street address.</summary>
    [JsonPropertyName("approximate")] public string? Approximate { get; init; }
    [JsonPropertyName("url")] public string? Url { get; init; }
    /// <summary>UTC, "yyyy-MM-dd HH:mm:ss".</summary>
    [JsonPropertyName("updated")] public string? Updated { get; init; }
    /// <summary>The service entity responsible for the listing: for us the self-help office.</summary>
    [JsonPropertyName("entity")] public string? Entity { get; init; }
    [JsonPropertyName("entity_phone")] public string? EntityPhone { get; init; }
    [JsonPropertyName("contact_1_email")] public string? Contact1Email { get; init; }
    [JsonPropertyName("contact_1_phone")] public string? Contact1Phone { get; init; }
}
