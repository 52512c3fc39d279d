using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Selbsthilfe.FoundingSupport.Contracts;

namespace Selbsthilfe.FoundingSupport.Tests;

/// <summary>Peer searches: moderation by the office of the region, public listing, interest, and suggestions of existing groups.</summary>
[Collection(FoundingCollection.Name)]
public sealed class PeerSearchTests(FoundingFixture fixture)
{
    private FoundingApp App => fixture.App;

    private static async Task<List<JsonElement>> PublicAsync(HttpClient client, string query) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/founding/postings?" + query)).EnumerateArray().ToList();

    [Fact]
    public async Task A_posting_waits_for_its_office_and_its_text_is_public_only_after_release()
    {
        var founding = await Founding.StartAsync(App);
        var (id, poster) = await founding.PostingAsync(release: false);
        using var anonymous = App.Anonymous();
        Assert.Empty(await PublicAsync(anonymous, $"topic={founding.Topic}"));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/founding/postings/{id}")).StatusCode);

        using var staff = founding.Staff();
        var queue = await staff.GetFromJsonAsync<JsonElement>($"/api/founding/offices/{founding.Office}/moderation");
        var pending = Assert.Single(queue.EnumerateArray());
        Assert.Equal("Wer hat auch damit zu tun? Ich suche Austausch.", pending.GetProperty("text").GetString());

        var other = await App.RegisterOfficeAsync();
        await founding.PostAsync(App.Editor(other.Office), $"/postings/{id}/release", null, HttpStatusCode.Forbidden);
        await founding.PostAsync(anonymous, $"/postings/{id}/release", null, HttpStatusCode.Unauthorized);
        Assert.Empty(await App.RaisedAsync<PeerSearchReleased>(id));

        await founding.PostAsync(staff, $"/postings/{id}/release", null);
        var shown = Assert.Single(await PublicAsync(anonymous, $"topic={founding.Topic}&postcode={founding.Postcode}"));
        Assert.Equal("Wer hat auch damit zu tun? Ich suche Austausch.", shown.GetProperty("text").GetString());
        Assert.False(shown.TryGetProperty("contactRef", out _));
        var released = Assert.Single(await App.RaisedAsync<PeerSearchReleased>(id));
        Assert.Equal(poster, released.GetProperty("posterContactRef").GetGuid());
        Assert.Equal(founding.Office, released.GetProperty("officeId").GetString());

        var again = await founding.PostAsync(staff, $"/postings/{id}/reject", null, HttpStatusCode.Conflict);
        Assert.Contains("released", again.GetProperty("detail").GetString());
        Assert.Empty(await staff.GetFromJsonAsync<JsonElement[]>($"/api/founding/offices/{founding.Office}/moderation") ?? []);
    }

    [Fact]
    public async Task A_rejected_posting_never_becomes_public_and_takes_no_interest()
    {
        var founding = await Founding.StartAsync(App);
        var (id, _) = await founding.PostingAsync(release: false);
        await founding.PostAsync(founding.Staff(), $"/postings/{id}/reject", null);
        using var anonymous = App.Anonymous();
        Assert.Empty(await PublicAsync(anonymous, $"topic={founding.Topic}"));
        await founding.PostAsync(anonymous, $"/postings/{id}/interest", new { contactRef = Guid.NewGuid() }, HttpStatusCode.NotFound);
        var rejected = await founding.Staff().GetFromJsonAsync<JsonElement>($"/api/founding/offices/{founding.Office}/postings?state=rejected");
        Assert.Equal(id, Assert.Single(rejected.EnumerateArray()).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task A_postcode_that_no_office_serves_is_refused_with_422()
    {
        var response = await App.Anonymous().PostAsJsonAsync("/api/founding/postings",
            new { topic = "depression", postcode = "00000", text = "Suche Austausch.", locale = "de", contactRef = Guid.NewGuid() });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Kontaktstelle", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task Bad_input_is_a_ProblemDetails_naming_each_wrong_field()
    {
        using var anonymous = App.Anonymous();
        var response = await anonymous.PostAsJsonAsync("/api/founding/postings",
            new { topic = "Depression!", postcode = "1234", text = new string('x', 1001), locale = "fr" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(new[] { "contactRef", "locale", "postcode", "text", "topic" }, errors.EnumerateObject().Select(e => e.Name).Order());

        var founding = await Founding.StartAsync(App);
        var address = await anonymous.PostAsJsonAsync("/api/founding/postings", new
        {
            topic = founding.Topic, postcode = founding.Postcode, text = "Schreibt mir: jemand (at) example.org", locale = "de", contactRef = Guid.NewGuid(),
        });
        Assert.Equal(HttpStatusCode.BadRequest, address.StatusCode);
        Assert.True((await address.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("text", out _));
        Assert.Equal(0L, await App.ScalarAsync<long>("SELECT count(*) FROM postings WHERE topic = $1", founding.Topic));

        var notJson = await anonymous.PostAsync("/api/founding/postings", new StringContent("{", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal("application/problem+json", notJson.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Interest_counts_once_per_person_and_tells_the_poster_without_naming_anyone()
    {
        var founding = await Founding.StartAsync(App);
        var (id, poster) = await founding.PostingAsync();
        using var anonymous = App.Anonymous();
        var someone = await founding.ContactAsync();
        Assert.Equal(1, (await founding.PostAsync(anonymous, $"/postings/{id}/interest", new { contactRef = someone })).GetProperty("interestedCount").GetInt32());
        Assert.Equal(1, (await founding.PostAsync(anonymous, $"/postings/{id}/interest", new { contactRef = someone })).GetProperty("interestedCount").GetInt32());
        Assert.Equal(2, (await founding.PostAsync(anonymous, $"/postings/{id}/interest", new { contactRef = await founding.ContactAsync() })).GetProperty("interestedCount").GetInt32());
        await founding.PostAsync(anonymous, $"/postings/{id}/interest", new { contactRef = poster }, HttpStatusCode.BadRequest);
        await founding.PostAsync(anonymous, $"/postings/{id}/interest", new { }, HttpStatusCode.BadRequest);

        var told = await App.RaisedAsync<PeerInterestExpressed>(id);
        Assert.Equal(new[] { 1, 2 }, told.Select(t => t.GetProperty("interestedCount").GetInt32()));
        Assert.All(told, t => Assert.Equal(poster, t.GetProperty("posterContactRef").GetGuid()));
        Assert.DoesNotContain(someone.ToString(), string.Join(' ', told.Select(t => t.GetRawText())));
    }

    [Fact]
    public async Task Creating_a_posting_or_initiative_suggests_open_groups_of_the_topic_nearby_first()
    {
        var founding = await Founding.StartAsync(App);
        var near = await App.PublishListingAsync(founding.Office, founding.Topic, founding.Region + "1", name: "Gruppe nah");
        var inRegion = await App.PublishListingAsync(founding.Office, founding.Topic, founding.Region + "7", openness: "waiting-list", name: "Gruppe Region");
        var online = await App.PublishListingAsync("elsewhere", founding.Topic, "99999", setting: "online", name: "Gruppe online");
        await App.PublishListingAsync(founding.Office, founding.Topic, founding.Region + "2", openness: "closed", name: "Gruppe geschlossen");
        await App.PublishListingAsync("elsewhere", founding.Topic, "99998", name: "Gruppe fern");
        await App.PublishListingAsync(founding.Office, FoundingApp.NewTopic(), founding.Region + "1", name: "Anderes Thema");
        var withdrawn = await App.PublishListingAsync(founding.Office, founding.Topic, founding.Region + "1", name: "Gruppe zurückgezogen");
        await App.WithdrawListingAsync(withdrawn, founding.Office);

        using var anonymous = App.Anonymous();
        var posting = await founding.PostAsync(anonymous, "/postings",
            new { topic = founding.Topic, postcode = founding.Postcode, text = "Gibt es hier schon etwas?", contactRef = Guid.NewGuid() },
            HttpStatusCode.Created);
        Assert.Equal(new[] { near, inRegion, online },
            posting.GetProperty("suggestedGroups").EnumerateArray().Select(g => g.GetProperty("listingId").GetGuid()));
        Assert.Equal("Gruppe nah", posting.GetProperty("suggestedGroups")[0].GetProperty("name").GetString());

        var initiative = await founding.PostAsync(anonymous, "/initiatives",
            new { topic = founding.Topic, postcode = founding.Postcode, initiatorContactRef = Guid.NewGuid() }, HttpStatusCode.Created);
        Assert.Equal(3, initiative.GetProperty("suggestedGroups").GetArrayLength());
    }
}
