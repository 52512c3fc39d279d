namespace Selbsthilfe.Web.Clients;

/// <summary>Meetings: the next ones of groups and offices, and the calendar feeds' addresses.</summary>
public sealed partial class EventsClient(HttpClient http, TimeProvider clock)
{
    private const string Service = "events";

    /// <summary>The meetings of these groups from now on, for <paramref name="days"/> days, in time order.</summary>
    public async Task<IReadOnlyList<Occurrence>> ForGroupsAsync(IReadOnlyCollection<Guid> listingIds, int days, CancellationToken ct)
    {
        if (listingIds.Count == 0) return [];
        var ids = string.Join("&", listingIds.Distinct().Select(id => $"listingId={id}"));
        return await ListAsync($"{ids}&{Window(days)}", ct);
    }

    /// <summary>An office's meetings (its groups' and its own one-off events) from now on.</summary>
    public Task<IReadOnlyList<Occurrence>> ForOfficeAsync(string officeId, int days, CancellationToken ct) =>
        ListAsync($"officeId={Uri.EscapeDataString(officeId)}&{Window(days)}", ct);

    private string Window(int days)
    {
        var now = clock.GetUtcNow();
        return $"from={Uri.EscapeDataString(now.ToString("O"))}&to={Uri.EscapeDataString(now.AddDays(days).ToString("O"))}";
    }

    private async Task<IReadOnlyList<Occurrence>> ListAsync(string query, CancellationToken ct)
    {
        var list = await ApiAnswers.GetOrNullAsync<OccurrenceList>(http, $"/api/events/occurrences?{query}", Service, ct);
        return list?.Items ?? [];
    }

    /// <summary>The group's calendar feed, relative to the site (the gateway serves <c>/calendars</c>).</summary>
    public static string GroupFeedPath(Guid listingId) => $"/calendars/groups/{listingId}.ics";

    public static string OfficeFeedPath(string officeId) => $"/calendars/offices/{Uri.EscapeDataString(officeId)}.ics";
}
