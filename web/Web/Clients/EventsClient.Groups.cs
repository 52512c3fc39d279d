namespace Selbsthilfe.Web.Clients;

/// <summary>A pause of a series (dates are local dates in the series' zone, <c>yyyy-MM-dd</c>); the reason is the office's German text.</summary>
public sealed record SeriesPause(Guid Id, string From, string To, string? Reason);

/// <summary>The public facts of a meeting series the group page shows: its rhythm in (German) words and its pauses.</summary>
public sealed record SeriesInfo(Guid Id, string Kind, string Status, string Summary, IReadOnlyList<SeriesPause> Pauses)
{
    public bool Active => Status == "active";
}

public sealed partial class EventsClient
{
    /// <summary>The series of a group the public may see (none for an unknown group).</summary>
    public async Task<IReadOnlyList<SeriesInfo>> SeriesOfGroupAsync(Guid listingId, CancellationToken ct) =>
        await ApiAnswers.GetOrNullAsync<List<SeriesInfo>>(http, $"/api/events/series?listingId={listingId}", Service, ct) ?? [];
}
