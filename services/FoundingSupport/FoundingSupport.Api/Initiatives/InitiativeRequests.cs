using Selbsthilfe.FoundingSupport.Api.Suggestions;

namespace Selbsthilfe.FoundingSupport.Api.Initiatives;

/// <param name="InitiatorContactRef">The initiator's reference from Notifications (the poster's, when a posting is carried over).</param>
/// <param name="PostingId">A released posting of the initiator: its interested people join the initiative; topic and postcode default to its.</param>
public sealed record CreateInitiativeRequest(string? Topic, string? Postcode, string? Locale, Guid? InitiatorContactRef, Guid? PostingId);

public sealed record InitiativeCreated(InitiativeView Initiative, IReadOnlyList<SuggestedGroup> SuggestedGroups);

/// <param name="Counsellor">A colleague's subject id; by default the staff member who takes the initiative on.</param>
public sealed record CounsellingRequest(string? Counsellor);

/// <summary>The first meeting, planned by the office: a place of its choosing (never a member's home), or online.</summary>
public sealed record FirstMeetingRequest(DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, string? Room, string? Address, string? Postcode, string? City,
    bool? Online);

/// <summary>The founded group's name and description, as the office writes them for the directory.</summary>
public sealed record FoundedRequest(string? GroupName, string? Description, string? City, bool? Online);

/// <param name="Reason">too-few-peers, joined-existing-group, initiator-withdrew, no-response or other.</param>
public sealed record AbandonRequest(string? Reason);

public sealed record OnlineOfferRequest(bool? Offer);

/// <param name="Pending">The caller's address is not confirmed yet: the consent counts once the confirmation arrives.</param>
public sealed record ConsentAnswer(bool Consented, bool ContactsReleased, bool Pending);
