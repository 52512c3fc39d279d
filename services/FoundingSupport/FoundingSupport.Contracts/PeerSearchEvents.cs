namespace Selbsthilfe.FoundingSupport.Contracts;

/// <summary>
/// The responsible office released a peer search ("Gleichbetroffene gesucht"): its text is public from now on.
/// The text itself never travels; <see cref="PosterContactRef"/> is the opaque reference Notifications gave the poster.
/// </summary>
public sealed record PeerSearchReleased(Guid PostingId, string OfficeId, string Topic, string Postcode, Guid PosterContactRef, DateTimeOffset At);

/// <summary>Someone is interested in a released peer search; Notifications tells the poster without naming anyone.</summary>
public sealed record PeerInterestExpressed(Guid PostingId, string OfficeId, Guid PosterContactRef, int InterestedCount, DateTimeOffset At);
