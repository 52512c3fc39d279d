namespace Selbsthilfe.Events.Api.Scheduling;

/// <summary>Settings under <c>Events</c>.</summary>
public sealed class EventsOptions
{
    public const string Section = "Events";

    /// <summary>How far ahead meetings are materialised and announced (the rolling horizon).</summary>
    public TimeSpan Horizon { get; set; } = TimeSpan.FromDays(60);

    /// <summary>How often the sweep looks for series whose horizon is due to be extended.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A series' horizon is extended once it is this much short of <see cref="Horizon"/> (daily by default).</summary>
    public TimeSpan ExtendEvery { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Series materialised per transaction by the sweep.</summary>
    public int BatchSize { get; set; } = 500;
}
