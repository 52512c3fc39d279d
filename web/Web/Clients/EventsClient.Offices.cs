namespace Selbsthilfe.Web.Clients;

public sealed partial class EventsClient
{
    /// <summary>The kind Events gives an office's one-off event (info evening, seminar); a group's meetings are "series".</summary>
    public const string OneOffEventKind = "event";

    /// <summary>The office's own one-off events of the next <paramref name="days"/> days, in time order.</summary>
    public async Task<IReadOnlyList<Occurrence>> OfficeEventsAsync(string officeId, int days, CancellationToken ct) =>
        [.. (await ForOfficeAsync(officeId, days, ct)).Where(o => o.Kind == OneOffEventKind)];
}
