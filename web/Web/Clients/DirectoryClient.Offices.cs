namespace Selbsthilfe.Web.Clients;

public sealed partial class DirectoryClient
{
    /// <summary>The search answers at most this many per page; a region has about 200 groups.</summary>
    private const int PageSize = 100;

    /// <summary>Guards against a cursor that never ends: ten pages are more groups than any office keeps.</summary>
    private const int MaxPages = 10;

    /// <summary>All public groups of an office, by name (every page of the search, following nextCursor).</summary>
    public Task<IReadOnlyList<Listing>> OfficeGroupsAsync(string officeId, CancellationToken ct) =>
        AllGroupsAsync($"office={Uri.EscapeDataString(officeId)}", ct);

    /// <summary>All public groups of a topic, by name, optionally of one office only.</summary>
    public Task<IReadOnlyList<Listing>> TopicGroupsAsync(string topicCode, string? officeId, CancellationToken ct) =>
        AllGroupsAsync($"topic={Uri.EscapeDataString(topicCode)}" + (officeId is null ? "" : $"&office={Uri.EscapeDataString(officeId)}"), ct);

    private async Task<IReadOnlyList<Listing>> AllGroupsAsync(string filter, CancellationToken ct)
    {
        var groups = new List<Listing>();
        string? cursor = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var query = $"{filter}&sort=name&limit={PageSize}&facets=false" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            var answer = await SearchAsync(query, ct);
            // Our own query is valid; a 4xx here is the directory's fault, not the visitor's.
            if (!answer.Ok || answer.Value is null) throw new ServiceAnswerException(Service, (int)answer.Status);
            groups.AddRange(answer.Value.Items);
            cursor = answer.Value.NextCursor;
            if (cursor is null) break;
        }
        return groups;
    }
}
