using System.Net.Http.Headers;

namespace Selbsthilfe.Web.Clients;

/// <summary>The group directory: search, listings, offices and the topic taxonomy, as the public sees them.</summary>
public sealed partial class DirectoryClient(HttpClient http, TimeProvider clock)
{
    private const string Service = "directory";
    private static readonly TimeSpan TopicsFor = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan OfficesFor = TimeSpan.FromMinutes(1);
    private static (IReadOnlyList<Topic> Topics, DateTimeOffset Until)? s_topics;
    private static (IReadOnlyList<Office> Offices, DateTimeOffset Until)? s_offices;

    /// <summary>The finder; <paramref name="query"/> is the search API's query string (without <c>?</c>).</summary>
    public async Task<ApiAnswer<SearchPage>> SearchAsync(string query, CancellationToken ct)
    {
        using var response = await http.GetAsync($"/api/directory/groups?{query}", ct);
        return await ApiAnswers.ReadAsync<SearchPage>(response, Service, ct);
    }

    /// <summary>A listing the public may see, or null (unknown, withdrawn or not public).</summary>
    public async Task<Listing?> ListingAsync(Guid id, CancellationToken ct)
    {
        var listing = await ApiAnswers.GetOrNullAsync<Listing>(http, $"/api/directory/listings/{id}", Service, ct);
        return listing is { Status: "published" } ? listing : null;
    }

    /// <summary>The listing as schema.org JSON-LD, exactly as the directory writes it for the public.</summary>
    public async Task<string?> ListingJsonLdAsync(Guid id, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/directory/listings/{id}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/ld+json"));
        using var response = await http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode) return null;
        return await response.Content.ReadAsStringAsync(ct);
    }

    /// <summary>Every office; the finder's form names them on every page, so the list is kept for a minute.</summary>
    public async Task<IReadOnlyList<Office>> OfficesAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (s_offices is { } cached && cached.Until > now) return cached.Offices;
        var offices = await ApiAnswers.GetOrNullAsync<List<Office>>(http, "/api/directory/offices", Service, ct) ?? [];
        s_offices = (offices, now + OfficesFor);
        return offices;
    }

    public Task<Office?> OfficeAsync(string id, CancellationToken ct) =>
        ApiAnswers.GetOrNullAsync<Office>(http, $"/api/directory/offices/{Uri.EscapeDataString(id)}", Service, ct);

    /// <summary>The topic taxonomy, parents before children; it changes with a deployment, so it is kept for minutes.</summary>
    public async Task<IReadOnlyList<Topic>> TopicsAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (s_topics is { } cached && cached.Until > now) return cached.Topics;
        var topics = await ApiAnswers.GetOrNullAsync<List<Topic>>(http, "/api/directory/topics", Service, ct) ?? [];
        s_topics = (topics, now + TopicsFor);
        return topics;
    }
}
