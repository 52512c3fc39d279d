namespace Selbsthilfe.Web.Components.Shared;

/// <summary>
/// Meetings happen in German wall-clock time, whatever zone the server runs in; the page shows them as the group
/// and its members see them (CET/CEST), never in UTC.
/// </summary>
public static class Berlin
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    public static DateTimeOffset Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(Local(clock.GetUtcNow()).DateTime);
}
