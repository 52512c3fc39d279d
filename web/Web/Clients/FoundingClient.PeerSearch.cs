using System.Net.Http.Json;

namespace Selbsthilfe.Web.Clients;

// Peer searches ("Gleichbetroffene gesucht"). Founding never sees an address: a person is a contact reference that
// Notifications handed out, and the site passes it straight on without showing or logging it.
public sealed partial class FoundingClient
{
    /// <summary>Released postings, newest first (at most 100), of a topic and/or of the office region serving a postcode.</summary>
    public async Task<ApiAnswer<List<PublicPosting>>> ReleasedPostingsAsync(string? topic, string? postcode, CancellationToken ct)
    {
        var query = new List<string>();
        if (topic is not null) query.Add($"topic={Uri.EscapeDataString(topic)}");
        if (postcode is not null) query.Add($"postcode={Uri.EscapeDataString(postcode)}");
        using var response = await http.GetAsync("/api/founding/postings" + (query.Count > 0 ? "?" + string.Join("&", query) : ""), ct);
        return await ApiAnswers.ReadAsync<List<PublicPosting>>(response, Service, ct);
    }

    /// <summary>A released posting, or null (unknown, not yet released, rejected).</summary>
    public Task<PublicPosting?> PostingAsync(Guid id, CancellationToken ct) =>
        ApiAnswers.GetOrNullAsync<PublicPosting>(http, $"/api/founding/postings/{id}", Service, ct);

    public async Task<ApiAnswer<PostingCreated>> CreatePostingAsync(NewPosting posting, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync("/api/founding/postings", posting, ApiAnswers.Json, ct);
        return await ApiAnswers.ReadAsync<PostingCreated>(response, Service, ct);
    }

    /// <summary>Interest in a released posting; it counts once the address behind <paramref name="contactRef"/> is confirmed.</summary>
    public async Task<ApiAnswer<InterestCount>> ExpressInterestAsync(Guid postingId, Guid contactRef, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync($"/api/founding/postings/{postingId}/interest", new { contactRef }, ApiAnswers.Json, ct);
        return await ApiAnswers.ReadAsync<InterestCount>(response, Service, ct);
    }
}

/// <summary>A released posting as anyone sees it (FoundingSupport's PublicPosting).</summary>
public sealed record PublicPosting(Guid Id, string Topic, string Postcode, string Text, string Locale, DateTimeOffset ReleasedAt, int InterestedCount);

/// <param name="Locale">The language the text is written in (de or en).</param>
public sealed record NewPosting(string Topic, string Postcode, string Text, string Locale, Guid ContactRef);

public sealed record PostingCreated(Guid Id, string State, IReadOnlyList<SuggestedGroup> SuggestedGroups);

/// <summary>An open group on the same topic nearby, suggested before a new one is founded.</summary>
public sealed record SuggestedGroup(Guid ListingId, string Name, string? Postcode, string? City, string Openness, string Setting);

/// <param name="Pending">The address is not confirmed yet: the interest is kept and counts after the confirmation.</param>
public sealed record InterestCount(int InterestedCount, bool Pending);
