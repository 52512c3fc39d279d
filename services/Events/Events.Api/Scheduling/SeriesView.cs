using Selbsthilfe.Events.Api.Domain;
using Selbsthilfe.Events.Contracts;

namespace Selbsthilfe.Events.Api.Scheduling;

public sealed record OverrideView(string RecurrenceId, bool? Cancelled, string? Start, int? DurationMinutes, PlaceRequest? Place, string? Note);

public sealed record PauseView(Guid Id, string From, string To, string? Reason);

/// <summary>A series as the API shows it; the online link and the raw place only to the owning office.</summary>
public sealed record SeriesView
{
    public required Guid Id { get; init; }
    public required Guid RootId { get; init; }
    public required string Kind { get; init; }
    public Guid? ListingId { get; init; }
    public required string OfficeId { get; init; }
    public string? Title { get; init; }
    public string? Description { get; init; }
    public required string TimeZone { get; init; }
    public required string Start { get; init; }
    public required int DurationMinutes { get; init; }
    public string? Rrule { get; init; }
    /// <summary>The rule in words: "jeden 2. Dienstag im Monat, 19:00–21:00 Uhr".</summary>
    public required string Summary { get; init; }
    public IReadOnlyList<string> Rdates { get; init; } = [];
    public IReadOnlyList<string> Exdates { get; init; } = [];
    public required MeetingPlace Place { get; init; }
    public string? OnlineLink { get; init; }
    public int? Capacity { get; init; }
    /// <summary>active or ended.</summary>
    public required string Status { get; init; }
    public string? EndReason { get; init; }
    public required int Version { get; init; }
    public required int Sequence { get; init; }
    public IReadOnlyList<OverrideView> Occurrences { get; init; } = [];
    public IReadOnlyList<PauseView> Pauses { get; init; } = [];

    public static SeriesView From(Domain.Series s, bool insider, bool addressPublic) => new()
    {
        Id = s.Id,
        RootId = s.RootId,
        Kind = s.Kind == SeriesKind.Event ? "event" : "series",
        ListingId = s.ListingId,
        OfficeId = s.OfficeId,
        Title = s.Title,
        Description = s.Description,
        TimeZone = s.Zone.Id,
        Start = SeriesRules.FormatLocal(s.StartsLocal),
        DurationMinutes = (int)s.Duration.TotalMinutes,
        Rrule = s.Rule?.ToString(),
        Summary = RecurrenceText.Describe(s.Rule, s.StartsLocal, s.Duration, s.Zone),
        Rdates = s.RDates.Select(SeriesRules.FormatLocal).ToList(),
        Exdates = s.ExDates.Select(SeriesRules.FormatLocal).ToList(),
        Place = Materialiser.PublicPlace(s.Place, insider || addressPublic),
        OnlineLink = insider ? s.Place.OnlineLink : null,
        Capacity = s.Capacity,
        Status = s.Ended ? "ended" : "active",
        EndReason = s.EndReason,
        Version = s.Version,
        Sequence = s.Sequence,
        Occurrences = s.Overrides.Select(o => new OverrideView(SeriesRules.FormatLocal(o.RecurrenceLocal), o.Cancelled,
            o.StartsLocal is { } m ? SeriesRules.FormatLocal(m) : null, o.Duration is { } d ? (int)d.TotalMinutes : null,
            o.Place is { } p ? new PlaceRequest(insider || addressPublic ? p.Room : null, insider || addressPublic ? p.Address : null, p.Postcode, p.City) : null,
            o.Note)).ToList(),
        Pauses = s.Pauses.Select(p => new PauseView(p.Id, p.From.ToString("yyyy-MM-dd"), p.To.ToString("yyyy-MM-dd"), p.Reason)).ToList(),
    };
}
