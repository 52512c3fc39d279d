using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Selbsthilfe.GroupDirectory.Api.Listings;

namespace GroupDirectory.Tests;

/// <summary>Requests for listings and the calls that write them, as an office's staff would make them.</summary>
public static class TestListings
{
    public static ListingRequest InPotsdam(string name, params string[] topics) => new()
    {
        Name = name,
        Description = "Wir treffen uns alle zwei Wochen und sprechen über unsere Erfahrungen.",
        Topics = topics.Length > 0 ? topics : ["depression"],
        Audience = "affected",
        Languages = ["de"],
        Setting = "in-person",
        Place = new PlaceRequest("public-venue", "Nachbarschaftshaus Am Park", "Lindenstraße 12", "14467", "Potsdam", 52.3989, 13.0657),
        Accessibility = ["wheelchair-accessible"],
        Openness = "open",
        Contact = new ContactRequest("office", null, null),
        Visibility = "public",
    };

    public static ListingRequest At(this ListingRequest request, string postcode, string city, double lat, double lon) =>
        request with { Place = new PlaceRequest("public-venue", "Gemeinderaum", "Kirchweg 1", postcode, city, lat, lon) };

    /// <summary>Creates a draft and returns its id and ETag.</summary>
    public static async Task<(Guid Id, string ETag)> CreateAsync(this HttpClient staff, ListingRequest request)
    {
        using var response = await staff.PostAsJsonAsync("/api/directory/listings", request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetGuid(), response.Headers.ETag!.Tag);
    }

    public static async Task<(Guid Id, string ETag)> CreatePublishedAsync(this HttpClient staff, ListingRequest request)
    {
        var (id, _) = await staff.CreateAsync(request);
        using var published = await staff.PostAsync($"/api/directory/listings/{id}/publish", null);
        Assert.True(published.IsSuccessStatusCode, await published.Content.ReadAsStringAsync());
        return (id, published.Headers.ETag!.Tag);
    }

    public static async Task<HttpResponseMessage> PutAsync(this HttpClient staff, Guid id, ListingRequest request, string? ifMatch)
    {
        var message = new HttpRequestMessage(HttpMethod.Put, $"/api/directory/listings/{id}") { Content = JsonContent.Create(request) };
        if (ifMatch is not null) message.Headers.IfMatch.Add(new EntityTagHeaderValue(ifMatch));
        return await staff.SendAsync(message);
    }

    /// <summary>POST …/listings/{id}/<paramref name="action"/> (publish, withdraw, confirm), optionally on a version.</summary>
    public static async Task<HttpResponseMessage> PostAsync(this HttpClient staff, Guid id, string action, string? ifMatch)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, $"/api/directory/listings/{id}/{action}");
        if (ifMatch is not null) message.Headers.IfMatch.Add(new EntityTagHeaderValue(ifMatch));
        return await staff.SendAsync(message);
    }

    public static async Task<JsonElement> SearchAsync(this HttpClient client, string query)
    {
        using var response = await client.GetAsync("/api/directory/groups?" + query);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static List<string> Names(this JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!).ToList();
}
