namespace Selbsthilfe.FoundingSupport.Api;

/// <summary>Settings under <c>Founding</c>.</summary>
public sealed class FoundingOptions
{
    public const string Section = "Founding";

    /// <summary>Interested people an office wants before it is told, unless it set its own (SEKIS Berlin asks for six).</summary>
    public int DefaultPeerThreshold { get; set; } = 6;

    /// <summary>How long after founding the office follows up with the new group.</summary>
    public int FollowUpMonths { get; set; } = 3;

    /// <summary>How often the follow-up sweep looks for due follow-ups.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the initiatives-by-state gauge is recounted.</summary>
    public TimeSpan CensusInterval { get; set; } = TimeSpan.FromSeconds(30);
}
