namespace Selbsthilfe.FoundingSupport.Api.Domain;

/// <summary>
/// The life of a founding initiative: proposed → counselling → gathering-peers → first-meeting-planned → founded, or
/// abandoned from any state that is not final. A group may also be founded straight from gathering-peers when it
/// met without a first meeting planned here.
/// </summary>
public static class InitiativeStates
{
    /// <summary>Only as the "from" of the first transition.</summary>
    public const string None = "none";
    public const string Proposed = "proposed";
    public const string Counselling = "counselling";
    public const string GatheringPeers = "gathering-peers";
    public const string FirstMeetingPlanned = "first-meeting-planned";
    public const string Founded = "founded";
    public const string Abandoned = "abandoned";

    public static readonly IReadOnlyList<string> All = [Proposed, Counselling, GatheringPeers, FirstMeetingPlanned, Founded, Abandoned];

    private static readonly Dictionary<string, string[]> Next = new(StringComparer.Ordinal)
    {
        [Proposed] = [Counselling, Abandoned],
        [Counselling] = [GatheringPeers, Abandoned],
        [GatheringPeers] = [FirstMeetingPlanned, Founded, Abandoned],
        [FirstMeetingPlanned] = [Founded, Abandoned],
        [Founded] = [],
        [Abandoned] = [],
    };

    public static IReadOnlyList<string> AllowedNext(string state) => Next.GetValueOrDefault(state) ?? [];

    public static bool CanMove(string from, string to) => AllowedNext(from).Contains(to, StringComparer.Ordinal);

    public static bool IsFinal(string state) => AllowedNext(state).Count == 0;
}
