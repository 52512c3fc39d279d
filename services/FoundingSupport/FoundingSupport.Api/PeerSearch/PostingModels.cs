using Selbsthilfe.FoundingSupport.Api.Suggestions;

namespace Selbsthilfe.FoundingSupport.Api.PeerSearch;

public static class PostingStates
{
    public const string Pending = "pending";
    public const string Released = "released";
    public const string Rejected = "rejected";
    /// <summary>Its poster started an initiative from it; its interested people went with it.</summary>
    public const string Converted = "converted";

    public static readonly IReadOnlyList<string> All = [Pending, Released, Rejected, Converted];
}

/// <param name="ContactRef">The reference Notifications gave the poster when it took their address (double opt-in).</param>
public sealed record CreatePostingRequest(string? Topic, string? Postcode, string? Text, string? Locale, Guid? ContactRef);

public sealed record ContactRefRequest(Guid? ContactRef);

/// <param name="ContactConfirmed">False until the poster confirmed the address with Notifications: the office releases it only then.</param>
public sealed record PostingCreated(Guid Id, string State, string OfficeId, IReadOnlyList<SuggestedGroup> SuggestedGroups, bool ContactConfirmed);

/// <summary>A released posting as anyone sees it.</summary>
public sealed record PublicPosting(Guid Id, string Topic, string Postcode, string Text, string Locale, DateTimeOffset ReleasedAt, int InterestedCount);

/// <summary>A posting as its office sees it, in moderation and in the office's view.</summary>
/// <param name="PosterConfirmed">The poster confirmed the address with Notifications; a posting is released only then.</param>
public sealed record OfficePosting(Guid Id, string Topic, string Postcode, string Text, string Locale, string State, DateTimeOffset CreatedAt,
    DateTimeOffset? ModeratedAt, int InterestedCount, Guid? InitiativeId, bool PosterConfirmed);

/// <param name="InterestedCount">Interested people whose addresses are confirmed.</param>
/// <param name="Pending">
/// The caller's address is not confirmed yet: the interest is kept and counts once the confirmation arrives (the
/// link in Notifications' mail).
/// </param>
public sealed record InterestCount(int InterestedCount, bool Pending);
