namespace Selbsthilfe.GroupDirectory.Contracts;

/// <summary>
/// A regional contact office joined the platform. Public facts only: an office is an organisation, its name and
/// region are published on its own web pages.
/// </summary>
public sealed record OfficeRegistered
{
    public required string OfficeId { get; init; }
    public required string Name { get; init; }

    /// <summary>German postcode prefixes (1–5 digits) of the region the office serves, e.g. "144" for Potsdam.</summary>
    public required IReadOnlyList<string> RegionPostcodePrefixes { get; init; }

    public required DateTimeOffset RegisteredAt { get; init; }

    /// <summary>
    /// The office's public e-mail address as on its own web pages (an organisation's, never a person's); null when it
    /// gave none. Notifications writes to it about founding initiatives in the region.
    /// </summary>
    public string? Email { get; init; }
}
