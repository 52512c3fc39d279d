using Selbsthilfe.FoundingSupport.Contracts;

namespace Selbsthilfe.FoundingSupport.Api.Initiatives;

/// <summary>A founding initiative as stored. Contacts are opaque references to Notifications, never addresses.</summary>
public sealed record Initiative
{
    public required Guid Id { get; init; }
    public required string OfficeId { get; init; }
    public required string Topic { get; init; }
    public required string Postcode { get; init; }
    public required string Locale { get; init; }
    public required Guid InitiatorContactRef { get; init; }
    public Guid? PostingId { get; init; }
    public required string State { get; init; }
    /// <summary>The counselling staff member's subject id.</summary>
    public string? Counsellor { get; init; }
    public bool OfferOnline { get; init; }
    public DateTimeOffset? PeersGatheredAt { get; init; }
    public Guid? FirstMeetingEventId { get; init; }
    public string? FirstMeetingPostcode { get; init; }
    public string? FirstMeetingCity { get; init; }
    public bool? FirstMeetingOnline { get; init; }
    public Guid? ListingId { get; init; }
    public string? AbandonReason { get; init; }
    public required int Version { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    /// <summary>Interested people besides the initiator.</summary>
    public int InterestedCount { get; init; }

    public InitiativeStateChanged StateChanged(string from, DateTimeOffset at) => new(Id, OfficeId, Topic, Postcode, from, State, at);
}

/// <summary>An initiative as the public and its office see it; the counsellor only for the office.</summary>
public sealed record InitiativeView(Guid Id, string OfficeId, string Topic, string Postcode, string State, IReadOnlyList<string> AllowedNextStates,
    int InterestedCount, bool OfferOnline, bool PeersGathered, Guid? FirstMeetingEventId, Guid? ListingId, string? AbandonReason, string? Counsellor,
    int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static InitiativeView From(Initiative i, bool insider) => new(i.Id, i.OfficeId, i.Topic, i.Postcode, i.State,
        Domain.InitiativeStates.AllowedNext(i.State), i.InterestedCount, i.OfferOnline, i.PeersGatheredAt is not null, i.FirstMeetingEventId,
        i.ListingId, i.AbandonReason, insider ? i.Counsellor : null, i.Version, i.CreatedAt, i.UpdatedAt);
}
