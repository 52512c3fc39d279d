using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace GroupDirectory.Tests;

[Collection(DirectoryCollection.Name)]
public sealed class AuthorizationTests(DirectoryFixture fixture)
{
    private DirectoryApp App => fixture.App;

    [Fact]
    public async Task Only_a_platform_admin_registers_offices()
    {
        var office = await App.NewOfficeAsync();
        object Body() => new { id = "office-" + Guid.NewGuid().ToString("N")[..10], name = "Neue Stelle", regionPostcodePrefixes = new[] { "99" } };

        Assert.Equal(HttpStatusCode.Unauthorized, (await App.Anonymous().PostAsJsonAsync("/api/directory/offices", Body())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await App.As(office, "office-editor").PostAsJsonAsync("/api/directory/offices", Body())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await App.As(office, "office-admin").PostAsJsonAsync("/api/directory/offices", Body())).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await App.PlatformAdmin().PostAsJsonAsync("/api/directory/offices", Body())).StatusCode);
    }

    [Fact]
    public async Task An_office_admin_changes_only_the_own_office_and_an_editor_none()
    {
        var mine = await App.NewOfficeAsync();
        var other = await App.NewOfficeAsync();
        var body = new { name = "SEKIZ Potsdam", contact = new { phone = "0331 123 456", website = "https://sekiz.example.org" } };

        Assert.Equal(HttpStatusCode.NoContent, (await App.As(mine, "office-admin").PutAsJsonAsync($"/api/directory/offices/{mine}", body)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await App.PlatformAdmin().PutAsJsonAsync($"/api/directory/offices/{mine}", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await App.As(other, "office-admin").PutAsJsonAsync($"/api/directory/offices/{mine}", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await App.As(mine, "office-editor").PutAsJsonAsync($"/api/directory/offices/{mine}", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.Anonymous().PutAsJsonAsync($"/api/directory/offices/{mine}", body)).StatusCode);
        var office = await App.Anonymous().GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/directory/offices/{mine}");
        Assert.Equal("0331 123 456", office.GetProperty("contact").GetProperty("phone").GetString());
    }

    [Fact]
    public async Task Only_staff_of_the_owning_office_create_listings_for_it()
    {
        var mine = await App.NewOfficeAsync();
        var other = await App.NewOfficeAsync();
        var request = TestListings.InPotsdam("Angehörigengruppe Demenz") with { OfficeId = mine };

        Assert.Equal(HttpStatusCode.Created, (await App.As(mine, "office-editor").PostAsJsonAsync("/api/directory/listings", request)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await App.As(mine, "office-admin").PostAsJsonAsync("/api/directory/listings", request)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await App.As(other, "office-editor").PostAsJsonAsync("/api/directory/listings", request)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await App.PlatformAdmin().PostAsJsonAsync("/api/directory/listings", request)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await App.As(mine).PostAsJsonAsync("/api/directory/listings", request)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.Anonymous().PostAsJsonAsync("/api/directory/listings", request)).StatusCode);
        Assert.Equal(2L, await App.ScalarAsync<long>("SELECT count(*) FROM listings WHERE office_id = $1", mine));
    }

    [Fact]
    public async Task Another_office_cannot_update_publish_withdraw_or_confirm_a_listing()
    {
        var mine = await App.NewOfficeAsync();
        var other = await App.NewOfficeAsync();
        var (id, etag) = await App.As(mine, "office-editor").CreatePublishedAsync(TestListings.InPotsdam("Gruppe für Menschen mit Tinnitus", "tinnitus"));
        var request = TestListings.InPotsdam("Übernommen", "tinnitus");
        HttpClient[] strangers = [App.As(other, "office-editor"), App.As(other, "office-admin"), App.PlatformAdmin()];

        foreach (var stranger in strangers)
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await stranger.PutAsync(id, request, etag)).StatusCode);
            foreach (var action in new[] { "publish", "withdraw", "confirm" })
                Assert.Equal(HttpStatusCode.Forbidden, (await stranger.PostAsync($"/api/directory/listings/{id}/{action}", null)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.Anonymous().PutAsync(id, request, etag)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.Anonymous().PostAsync($"/api/directory/listings/{id}/withdraw", null)).StatusCode);
        Assert.Equal("published", await App.ScalarAsync<string>("SELECT status FROM listings WHERE id = $1", id));
        Assert.Equal("Gruppe für Menschen mit Tinnitus", await App.ScalarAsync<string>("SELECT name FROM listings WHERE id = $1", id));
        Assert.Equal(HttpStatusCode.OK, (await App.As(mine, "office-editor").PutAsync(id, request, etag)).StatusCode);
    }

    [Fact]
    public async Task Anonymous_callers_cannot_publish_withdraw_confirm_or_upload_and_nothing_changes()
    {
        var office = await App.NewOfficeAsync();
        var (id, _) = await App.As(office, "office-editor").CreateAsync(TestListings.InPotsdam("Gesprächskreis Long Covid", "long-covid"));
        var entry = TestListings.InPotsdam("Hochgeladene Gruppe Long Covid", "long-covid");
        object[] upload = [new { externalId = "lc-1", entry.Name, entry.Topics, entry.Audience, entry.Languages, entry.Setting, entry.Place, entry.Openness, entry.Contact, entry.Visibility }];

        foreach (var action in new[] { "publish", "withdraw", "confirm" })
            Assert.Equal(HttpStatusCode.Unauthorized, (await App.Anonymous().PostAsync($"/api/directory/listings/{id}/{action}", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.Anonymous().PostAsJsonAsync($"/api/directory/offices/{office}/import", upload)).StatusCode);

        Assert.Equal("draft", await App.ScalarAsync<string>("SELECT status FROM listings WHERE id = $1", id));
        Assert.Equal(1, await App.ScalarAsync<int>("SELECT version FROM listings WHERE id = $1", id));
        Assert.Equal(1L, await App.ScalarAsync<long>("SELECT count(*) FROM listings WHERE office_id = $1", office));
        // The upload itself is a good one: its office's staff may make it.
        Assert.Equal(HttpStatusCode.OK, (await App.As(office, "office-editor").PostAsJsonAsync($"/api/directory/offices/{office}/import", upload)).StatusCode);
    }

    [Fact]
    public async Task Only_a_platform_admin_issues_or_revokes_federation_keys_and_a_refused_call_changes_nothing()
    {
        var office = await App.NewOfficeAsync();
        var peerName = "Instanz " + Guid.NewGuid().ToString("N")[..10];
        using var issued = await App.PlatformAdmin().PostAsJsonAsync("/api/directory/federation/keys", new { peerName });
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var keyId = (await issued.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();

        foreach (var (caller, refusal) in Refused(office))
        {
            Assert.Equal(refusal, (await caller.PostAsJsonAsync("/api/directory/federation/keys", new { peerName })).StatusCode);
            Assert.Equal(refusal, (await caller.DeleteAsync($"/api/directory/federation/keys/{keyId}")).StatusCode);
        }

        Assert.Equal(1L, await App.ScalarAsync<long>("SELECT count(*) FROM federation_keys WHERE peer_name = $1", peerName));
        Assert.Equal(0L, await App.ScalarAsync<long>("SELECT count(*) FROM federation_keys WHERE id = $1 AND revoked_at IS NOT NULL", keyId));
        Assert.Equal(HttpStatusCode.NoContent, (await App.PlatformAdmin().DeleteAsync($"/api/directory/federation/keys/{keyId}")).StatusCode);
        Assert.Equal(1L, await App.ScalarAsync<long>("SELECT count(*) FROM federation_keys WHERE id = $1 AND revoked_at IS NOT NULL", keyId));
    }

    [Fact]
    public async Task Only_a_platform_admin_registers_federation_peers_and_a_refused_call_changes_nothing()
    {
        var office = await App.NewOfficeAsync();
        var peer = new { id = "peer-" + Guid.NewGuid().ToString("N")[..10], baseUrl = "http://peer.test", key = "shfk_test" };

        foreach (var (caller, refusal) in Refused(office))
            Assert.Equal(refusal, (await caller.PostAsJsonAsync("/api/directory/federation/peers", peer)).StatusCode);

        Assert.Equal(0L, await App.ScalarAsync<long>("SELECT count(*) FROM federation_peers WHERE id = $1", peer.id));
        Assert.Equal(HttpStatusCode.Created, (await App.PlatformAdmin().PostAsJsonAsync("/api/directory/federation/peers", peer)).StatusCode);
        Assert.Equal(1L, await App.ScalarAsync<long>("SELECT count(*) FROM federation_peers WHERE id = $1", peer.id));
    }

    [Fact]
    public async Task A_draft_is_invisible_to_anyone_but_its_office()
    {
        var mine = await App.NewOfficeAsync();
        var other = await App.NewOfficeAsync();
        var (id, _) = await App.As(mine, "office-editor").CreateAsync(TestListings.InPotsdam("Entwurf Angstgruppe", "angst"));

        Assert.Equal(HttpStatusCode.NotFound, (await App.Anonymous().GetAsync($"/api/directory/listings/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await App.As(other, "office-editor").GetAsync($"/api/directory/listings/{id}")).StatusCode);
        // Not even that it exists: a stranger's write answers as if there were nothing.
        Assert.Equal(HttpStatusCode.NotFound, (await App.As(other, "office-editor").PostAsync($"/api/directory/listings/{id}/publish", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await App.As(mine, "office-editor").GetAsync($"/api/directory/listings/{id}")).StatusCode);
    }

    [Fact]
    public async Task Office_views_are_for_that_office_only()
    {
        var mine = await App.NewOfficeAsync();
        var other = await App.NewOfficeAsync();
        foreach (var view in new[] { "listings", "tasks" })
        {
            Assert.Equal(HttpStatusCode.OK, (await App.As(mine, "office-editor").GetAsync($"/api/directory/offices/{mine}/{view}")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await App.As(other, "office-admin").GetAsync($"/api/directory/offices/{mine}/{view}")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await App.Anonymous().GetAsync($"/api/directory/offices/{mine}/{view}")).StatusCode);
        }
    }

    [Fact]
    public async Task A_token_from_an_unknown_issuer_is_refused_with_problem_details()
    {
        var office = await App.NewOfficeAsync();
        using var forged = App.Anonymous();
        forged.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Bearer", App.Tokens.Create(office, "someone-else", "office-editor"));

        using var response = await forged.PostAsJsonAsync("/api/directory/listings", TestListings.InPotsdam("Gefälscht"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>Callers a platform-admin endpoint refuses, with the answer each gets: anonymous 401, office staff 403.</summary>
    private (HttpClient Caller, HttpStatusCode Refusal)[] Refused(string office) =>
    [
        (App.Anonymous(), HttpStatusCode.Unauthorized),
        (App.As(office, "office-editor"), HttpStatusCode.Forbidden),
        (App.As(office, "office-admin"), HttpStatusCode.Forbidden),
    ];
}
