namespace Selbsthilfe.Events.Api.Domain;

public enum SeriesKind { Series, Event }

/// <summary>A place as the office entered it; <see cref="OnlineLink"/> is for subscribers only, never public.</summary>
public sealed record Place(string? Room, string? Address, string? Postcode, string? City, string? OnlineLink)
{
    public static readonly Place None = new(null, null, null, null, null);

    public bool IsOnline => OnlineLink is not null;

    /// <summary>
    /// Detects a change of place between what was announced and what is planned; stable across processes (unlike
    /// string.GetHashCode), since it is stored.
    /// </summary>
    public int Fingerprint()
    {
        var text = string.Join('\u001f', Room, Address, Postcode, City, IsOnline ? "online" : "");
        Span<byte> hash = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text), hash);
        return BitConverter.ToInt32(hash);
    }
}

/// <summary>A change to one meeting, keyed by its original local start (its RECURRENCE-ID).</summary>
/// <param name="Cancelled">True: cancelled; false: takes place (also inside a pause); null: as the series says.</param>
public sealed record OccurrenceOverride(
    DateTime RecurrenceLocal,
    bool? Cancelled,
    DateTime? StartsLocal,
    TimeSpan? Duration,
    Place? Place,
    string? Note,
    int Sequence,
    DateTimeOffset UpdatedAt);

/// <summary>A break: meetings whose original local date lies in [From, To] do not take place.</summary>
public sealed record Pause(Guid Id, DateOnly From, DateOnly To, string? Reason);

/// <summary>
/// A meeting series of a group, or an office's one-off event (no rule). All times are wall-clock times in
/// <see cref="Zone"/>; the rule is expanded in local time, so a 19:00 meeting stays at 19:00 across DST changes.
/// </summary>
public sealed record Series
{
    public required Guid Id { get; init; }
    public required Guid RootId { get; init; }
    public required SeriesKind Kind { get; init; }
    public Guid? ListingId { get; init; }
    public required string OfficeId { get; init; }
    public string? Title { get; init; }
    public string? Description { get; init; }
    public required TimeZoneInfo Zone { get; init; }
    public required DateTime StartsLocal { get; init; }
    public required TimeSpan Duration { get; init; }
    public RecurrenceRule? Rule { get; init; }
    public IReadOnlyList<DateTime> RDates { get; init; } = [];
    public IReadOnlyList<DateTime> ExDates { get; init; } = [];
    public required Place Place { get; init; }
    public int? Capacity { get; init; }
    public bool Ended { get; init; }
    public string? EndReason { get; init; }
    /// <summary>Meetings starting at or after this do not take place (the series was ended early).</summary>
    public DateTimeOffset? EndedAt { get; init; }
    public int Version { get; init; }
    public int Sequence { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? MaterialisedUntil { get; init; }
    public IReadOnlyList<OccurrenceOverride> Overrides { get; init; } = [];
    public IReadOnlyList<Pause> Pauses { get; init; } = [];
}
