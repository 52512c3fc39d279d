namespace Selbsthilfe.FoundingSupport.Contracts;

/// <summary>
/// Every step of a founding initiative. States: none (only as <see cref="FromState"/> when it was proposed), proposed,
/// counselling, gathering-peers, first-meeting-planned, founded, abandoned. The specific event of a step (e.g.
/// <see cref="InitiativeFounded"/>) follows this one for the same initiative.
/// </summary>
public sealed record InitiativeStateChanged(Guid InitiativeId, string OfficeId, string Topic, string Postcode, string FromState, string ToState, DateTimeOffset At);

/// <summary>
/// The office's threshold of interested people was reached (once per initiative): Notifications tells the initiator
/// and the office. <see cref="InterestedCount"/> counts the interested people (with confirmed addresses) besides the
/// initiator. <see cref="Topic"/> and <see cref="Postcode"/> (added later: null in older messages) let the office's mail
/// say which initiative it is.
/// </summary>
public sealed record PeersGathered(Guid InitiativeId, string OfficeId, Guid InitiatorContactRef, int InterestedCount, DateTimeOffset At,
    string? Topic = null, string? Postcode = null);

/// <summary>
/// At least two people of an initiative agreed to share their contact details with each other. Raised when the second
/// person consents and again at every later consent, each time with all consenting references so far (in the order
/// of consent): Notifications sends each of them the others' addresses.
/// </summary>
public sealed record ContactsReleased(Guid InitiativeId, string OfficeId, IReadOnlyList<Guid> ContactRefs, DateTimeOffset At);

/// <summary>
/// The office planned the first meeting: Events creates a one-off event with <see cref="EventId"/>, Notifications
/// invites <see cref="InviteeContactRefs"/> (the initiator and every interested person). The place is an office's
/// choice (never a member's home); an online link never travels in an event.
/// </summary>
public sealed record FirstMeetingPlanned(Guid InitiativeId, string OfficeId, Guid EventId, string Topic, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    string? Room, string? Address, string? Postcode, string? City, bool Online, IReadOnlyList<Guid> InviteeContactRefs, DateTimeOffset At);

/// <summary>
/// The group is founded: Directory creates a draft listing with <see cref="ListingId"/> for the office to publish.
/// <see cref="GroupName"/> and <see cref="Description"/> are written by office staff, not by members.
/// <see cref="FirstMeetingEventId"/> is null when the group was founded without a first meeting planned here.
/// </summary>
public sealed record InitiativeFounded(Guid InitiativeId, string OfficeId, Guid ListingId, Guid? FirstMeetingEventId, string GroupName, string? Description,
    string Topic, string Postcode, string? City, bool Online, DateTimeOffset At);

/// <summary>
/// The initiative ended without a group. <see cref="Reason"/> is a code, never free text: too-few-peers,
/// joined-existing-group, initiator-withdrew, no-response or other.
/// </summary>
public sealed record InitiativeAbandoned(Guid InitiativeId, string OfficeId, string Reason, DateTimeOffset At);

/// <summary>Three months after founding, the office should ask how the group is doing (a task in its founding view).</summary>
public sealed record FollowUpDue(Guid InitiativeId, string OfficeId, Guid ListingId, DateTimeOffset DueAt);
