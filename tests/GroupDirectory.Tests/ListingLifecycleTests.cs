using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Selbsthilfe.GroupDirectory.Api.Listings;
using Selbsthilfe.TestSupport;

namespace GroupDirectory.Tests;

[Collection(DirectoryCollection.Name)]
public sealed class ListingLifecycleTests(DirectoryFixture fixture)
{
    private DirectoryApp App => fixture.App;

    [Fact]
    public async Task A_write_on_a_stale_version_is_refused_with_412_and_changes_nothing()
    {
        var office = await App.NewOfficeAsync();
        using var staff = App.As(office, "office-editor");
        var (id, etag) = await staff.CreateAsync(TestListings.InPotsdam("Gesprächskreis Rheuma"));
        using var first = await staff.PutAsync(id, TestListings.InPotsdam("Gesprächskreis Rheuma Potsdam"), etag);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        using var stale = await staff.PutAsync(id, TestListings.InPotsdam("Überschrieben"), etag);
        using var missing = await staff.PutAsync(id, TestListings.InPotsdam("Ohne Version"), null);

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType?.MediaType);
        Assert.Equal(first.Headers.ETag, stale.Headers.ETag);
        Assert.Equal((HttpStatusCode)428, missing.StatusCode);
        Assert.Equal("Gesprächskreis Rheuma Potsdam", await App.ScalarAsync<string>("SELECT name FROM listings WHERE id = $1", id));
    }

    [Fact]
    public async Task Publish_withdraw_and_confirm_on_a_stale_version_are_refused_with_412_and_change_nothing()
    {
        var office = await App.NewOfficeAsync();
        using var staff = App.As(office, "office-editor");
        var (id, created) = await staff.CreateAsync(TestListings.InPotsdam("Gesprächskreis Migräne", "migraene"));
        using var edited = await staff.PutAsync(id, TestListings.InPotsdam("Gesprächskreis Migräne Potsdam", "migraene"), created);

        using var stalePublish = await staff.PostAsync(id, "publish", created);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stalePublish.StatusCode);
        Assert.Equal("application/problem+json", stalePublish.Content.Headers.ContentType?.MediaType);
        Assert.Equal(edited.Headers.ETag, stalePublish.Headers.ETag);
        Assert.Equal("draft", await App.ScalarAsync<string>("SELECT status FROM listings WHERE id = $1", id));

        using var published = await staff.PostAsync(id, "publish", edited.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        foreach (var action in new[] { "withdraw", "confirm" })
        {
            using var stale = await staff.PostAsync(id, action, edited.Headers.ETag!.Tag);
            Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
            Assert.Equal(published.Headers.ETag, stale.Headers.ETag);
        }

        Assert.Equal("published", await App.ScalarAsync<string>("SELECT status FROM listings WHERE id = $1", id));
        // A confirmation would have taken a new version, as every write does.
        Assert.Equal($"\"{await App.ScalarAsync<int>("SELECT version FROM listings WHERE id = $1", id)}\"", published.Headers.ETag!.Tag);
        Assert.Equal(["ListingPublished"], await EventTypesAsync(id));
        using var confirmed = await staff.PostAsync(id, "confirm", published.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
    }

    [Fact]
    public async Task Invalid_listings_get_field_errors_in_German_and_English_and_nothing_is_stored()
    {
        var office = await App.NewOfficeAsync();
        var request = TestListings.InPotsdam("") with
        {
            Topics = ["kein-thema"], Audience = "alle", Setting = "in-person", Place = null,
            Contact = new ContactRequest("group-mailbox", "keine-adresse", null), Languages = ["deutsch"],
        };

        using var response = await App.As(office, "office-editor").PostAsJsonAsync("/api/directory/listings", request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "name", "topics", "audience", "place", "contact.email", "languages" })
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
        Assert.Contains("Unbekanntes Thema", errors.GetProperty("topics")[0].GetString());
        Assert.Contains("Unknown topic", errors.GetProperty("topics")[0].GetString());
        Assert.Equal(0L, await App.ScalarAsync<long>("SELECT count(*) FROM listings WHERE office_id = $1", office));
    }

    [Fact]
    public async Task A_withdrawn_listing_disappears_from_search_at_once()
    {
        var office = await App.NewOfficeAsync();
        using var staff = App.As(office, "office-editor");
        var (id, _) = await staff.CreatePublishedAsync(TestListings.InPotsdam("Selbsthilfegruppe Stottern Babelsberg", "stottern"));
        Assert.Single((await App.Anonymous().SearchAsync($"office={office}&q=Stottern")).GetProperty("items").EnumerateArray());

        (await staff.PostAsync($"/api/directory/listings/{id}/withdraw", null)).EnsureSuccessStatusCode();

        Assert.Empty((await App.Anonymous().SearchAsync($"office={office}&q=Stottern")).GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await App.Anonymous().GetAsync($"/api/directory/listings/{id}")).StatusCode);
    }

    [Fact]
    public async Task Each_change_of_a_published_listing_raises_exactly_one_event_and_drafts_raise_none()
    {
        var office = await App.NewOfficeAsync();
        using var staff = App.As(office, "office-editor");
        var (id, etag) = await staff.CreateAsync(TestListings.InPotsdam("Trauergruppe Lichtblick", "trauer"));
        etag = (await staff.PutAsync(id, TestListings.InPotsdam("Trauergruppe Lichtblick Potsdam", "trauer"), etag)).Headers.ETag!.Tag;
        (await staff.PostAsync($"/api/directory/listings/{id}/publish", null)).EnsureSuccessStatusCode();
        (await staff.PostAsync($"/api/directory/listings/{id}/publish", null)).EnsureSuccessStatusCode();
        var current = await App.Anonymous().GetAsync($"/api/directory/listings/{id}");
        (await staff.PutAsync(id, TestListings.InPotsdam("Trauergruppe Lichtblick", "trauer"), current.Headers.ETag!.Tag)).EnsureSuccessStatusCode();
        (await staff.PostAsync($"/api/directory/listings/{id}/confirm", null)).EnsureSuccessStatusCode();
        (await staff.PostAsync($"/api/directory/listings/{id}/withdraw", null)).EnsureSuccessStatusCode();

        var types = await EventTypesAsync(id);
        Assert.Equal(["ListingPublished", "ListingUpdated", "ListingWithdrawn"], types);
        await Eventually.TrueAsync(async () =>
            await App.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE aggregate_id = $1 AND sent_at IS NULL", id.ToString()) == 0,
            because: "the relay publishes each event once the broker confirmed it");
    }

    [Fact]
    public async Task A_search_document_level_that_hides_nothing_is_stored_once_and_read_as_the_level_below()
    {
        var office = await App.NewOfficeAsync();
        using var staff = App.As(office, "office-editor");
        var (plain, _) = await staff.CreatePublishedAsync(TestListings.InPotsdam("Trauergruppe Abendrot", "trauer") with
        {
            Description = "Wir sitzen im Wintergarten des Nachbarschaftshauses.",
        });
        var (hidden, _) = await staff.CreatePublishedAsync(TestListings.InPotsdam("Trauergruppe Morgenrot", "trauer") with
        {
            Description = "Wir treffen uns im Hinterzimmer der Gärtnerei.",
            FieldVisibility = new FieldVisibilityRequest("office-only", null, null),
        });

        const string levels = "SELECT (doc_network IS NULL)::text || ',' || (doc_office IS NULL)::text FROM listings WHERE id = $1";
        Assert.Equal("true,true", await App.ScalarAsync<string>(levels, plain));
        Assert.Equal("true,false", await App.ScalarAsync<string>(levels, hidden));
        // Read as the level below: the office finds its hidden word, also as a phrase (matched by PostgreSQL), the public does not.
        using var own = App.As(office, "office-editor");
        foreach (var query in new[] { "q=G%C3%A4rtnerei", "q=%22Hinterzimmer der G%C3%A4rtnerei%22" })
        {
            Assert.Equal(["Trauergruppe Morgenrot"], (await own.SearchAsync($"office={office}&{query}")).Names());
            Assert.Empty((await App.Anonymous().SearchAsync($"office={office}&{query}")).Names());
        }
        Assert.Equal(["Trauergruppe Abendrot"], (await own.SearchAsync($"office={office}&q=%22Wintergarten des Nachbarschaftshauses%22")).Names());
    }

    [Fact]
    public async Task Hidden_fields_never_leave_the_office_in_answers_search_json_ld_or_events()
    {
        var office = await App.NewOfficeAsync();
        var peer = await App.NewOfficeAsync();
        using var staff = App.As(office, "office-editor");
        var request = TestListings.InPotsdam("Gesprächskreis Zwangsstörungen", "zwang") with
        {
            Description = "Treffen bei Familie Geheimweg im Wohnzimmer.",
            Place = new PlaceRequest("private-home", null, "Geheimweg 7", "14469", "Potsdam", 52.41234, 13.04567),
            Contact = new ContactRequest("group-mailbox", "zwang@gruppen.example.org", null),
            FieldVisibility = new FieldVisibilityRequest("office-only", "office-only", "office-network"),
        };
        var (id, _) = await staff.CreatePublishedAsync(request);

        var answer = await App.Anonymous().GetStringAsync($"/api/directory/listings/{id}");
        var hits = await App.Anonymous().SearchAsync($"office={office}");
        var jsonLd = await JsonLdAsync(App.Anonymous(), id);
        var published = await App.ScalarAsync<string>("SELECT payload::text FROM outbox_messages WHERE aggregate_id = $1", id.ToString());
        foreach (var view in new[] { answer, hits.GetRawText(), jsonLd, published })
        {
            Assert.DoesNotContain("Geheimweg", view);
            Assert.DoesNotContain("zwang@gruppen", view);
            Assert.DoesNotContain("52.41", view); // neither the home nor its 0.01° cell (about 1 km)
            Assert.DoesNotContain("private-home", view);
        }
        // What anyone learns of a private home is its postcode area: coordinates to 0.1° (about 11 × 7 km), never finer.
        var place = JsonDocument.Parse(answer).RootElement.GetProperty("place");
        Assert.Equal((52.4, 13.0), Area(place));
        Assert.False(place.GetProperty("exact").GetBoolean());
        Assert.Equal((52.4, 13.0), Area(hits.GetProperty("items")[0].GetProperty("place")));
        Assert.Equal((52.4, 13.0), Area(JsonDocument.Parse(published).RootElement.GetProperty("facts")));
        var location = JsonDocument.Parse(jsonLd).RootElement.GetProperty("location");
        Assert.Equal("14469", location.GetProperty("address").GetProperty("postalCode").GetString());
        Assert.False(location.TryGetProperty("geo", out _));
        Assert.Equal(52.4, await App.ScalarAsync<double>("SELECT latitude FROM listings WHERE id = $1", id));
        Assert.Equal(13.0, await App.ScalarAsync<double>("SELECT longitude FROM listings WHERE id = $1", id));
        // A hidden description must not make the listing findable either.
        Assert.Empty((await App.Anonymous().SearchAsync($"office={office}&q=Wohnzimmer")).GetProperty("items").EnumerateArray());

        var network = await App.As(peer, "office-editor").GetStringAsync($"/api/directory/listings/{id}");
        Assert.Contains("zwang@gruppen.example.org", network);
        Assert.DoesNotContain("Geheimweg", network);
        Assert.Equal((52.4, 13.0), Area(JsonDocument.Parse(network).RootElement.GetProperty("place")));
        var own = await staff.GetStringAsync($"/api/directory/listings/{id}");
        Assert.Contains("Geheimweg 7", own);
        Assert.Single((await staff.SearchAsync($"office={office}&q=Wohnzimmer")).GetProperty("items").EnumerateArray());
        Assert.Empty((await App.As(peer, "office-editor").SearchAsync($"office={office}&q=Wohnzimmer")).GetProperty("items").EnumerateArray());
        Assert.Empty((await App.As(peer, "office-editor").SearchAsync($"office={office}&q=%22im%20Wohnzimmer%22")).GetProperty("items").EnumerateArray());
        Assert.Single((await staff.SearchAsync($"office={office}&q=%22im%20Wohnzimmer%22")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Coordinates_of_hidden_places_stored_before_are_coarsened_to_the_postcode_area_on_upgrade()
    {
        var office = await App.NewOfficeAsync();
        using var staff = App.As(office, "office-editor");
        var (home, _) = await staff.CreatePublishedAsync(TestListings.InPotsdam("Kreis im Wohnzimmer") with
        {
            Place = new PlaceRequest("private-home", null, "Geheimweg 7", "14469", "Potsdam", 52.41234, 13.04567),
        });
        var (networkAddress, _) = await staff.CreatePublishedAsync(TestListings.InPotsdam("Kreis mit Adresse für Fachleute") with
        {
            FieldVisibility = new FieldVisibilityRequest("public", "office-network", "public"),
        });
        var (venue, _) = await staff.CreatePublishedAsync(TestListings.InPotsdam("Kreis im Nachbarschaftshaus"));
        // As the service stored them before migration 0009: hidden places rounded to 0.01°.
        await App.ScalarAsync<int>("UPDATE listings SET latitude = 52.41, longitude = 13.05 WHERE id = $1 RETURNING 1", home);
        await App.ScalarAsync<int>("UPDATE listings SET latitude = 52.40, longitude = 13.07 WHERE id = $1 RETURNING 1", networkAddress);
        await App.ScalarAsync<int>("DELETE FROM schema_migrations WHERE id LIKE '%/0009_private_place_coordinates' RETURNING 1");

        var upgraded = new DirectoryApp(fixture.Servers, App.ConnectionString, null);
        await upgraded.InitializeAsync();
        await upgraded.DisposeAsync();

        async Task<(double, double)> Stored(Guid id) => (await App.ScalarAsync<double>("SELECT latitude FROM listings WHERE id = $1", id),
            await App.ScalarAsync<double>("SELECT longitude FROM listings WHERE id = $1", id));
        Assert.Equal((52.4, 13.0), await Stored(home));
        Assert.Equal((52.4, 13.1), await Stored(networkAddress));
        Assert.Equal((52.3989, 13.0657), await Stored(venue));
    }

    [Fact]
    public async Task A_listing_for_the_office_network_is_found_in_counselling_but_not_by_the_public()
    {
        var office = await App.NewOfficeAsync();
        var peer = await App.NewOfficeAsync();
        var (id, _) = await App.As(office, "office-editor").CreatePublishedAsync(
            TestListings.InPotsdam("Diskrete Gruppe Spielsucht", "gluecksspiel") with { Visibility = "office-network" });

        Assert.Empty((await App.Anonymous().SearchAsync($"office={office}")).GetProperty("items").EnumerateArray());
        Assert.Equal(0, (await App.Anonymous().SearchAsync($"office={office}")).GetProperty("facets").GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await App.Anonymous().GetAsync($"/api/directory/listings/{id}")).StatusCode);
        Assert.Single((await App.As(peer, "office-editor").SearchAsync($"office={office}")).GetProperty("items").EnumerateArray());
        var payload = await App.ScalarAsync<string>("SELECT payload::text FROM outbox_messages WHERE aggregate_id = $1", id.ToString());
        Assert.DoesNotContain("Spielsucht", payload);
    }

    [Fact]
    public async Task Listings_unconfirmed_for_twelve_months_are_flagged_and_one_call_confirms_them()
    {
        var office = await App.NewOfficeAsync();
        using var staff = App.As(office, "office-editor");
        var (id, _) = await staff.CreatePublishedAsync(TestListings.InPotsdam("Selbsthilfegruppe Fibromyalgie", "fibromyalgie"));
        await App.ScalarAsync<object>("UPDATE listings SET last_confirmed_at = $2 WHERE id = $1 RETURNING 1", id, App.Clock.GetUtcNow().AddMonths(-13));

        var tasks = await staff.GetFromJsonAsync<JsonElement>($"/api/directory/offices/{office}/tasks");
        Assert.Equal(id, Assert.Single(tasks.EnumerateArray()).GetProperty("listingId").GetGuid());
        Assert.True((await App.Anonymous().GetFromJsonAsync<JsonElement>($"/api/directory/listings/{id}")).GetProperty("notRecentlyConfirmed").GetBoolean());

        (await staff.PostAsync($"/api/directory/listings/{id}/confirm", null)).EnsureSuccessStatusCode();

        Assert.Empty((await staff.GetFromJsonAsync<JsonElement>($"/api/directory/offices/{office}/tasks")).EnumerateArray());
        Assert.False((await App.Anonymous().GetFromJsonAsync<JsonElement>($"/api/directory/listings/{id}")).GetProperty("notRecentlyConfirmed").GetBoolean());
    }

    [Fact]
    public async Task A_listing_is_served_as_schema_org_json_ld_and_answers_304_to_its_etag()
    {
        var office = await App.NewOfficeAsync();
        var (id, etag) = await App.As(office, "office-editor").CreatePublishedAsync(TestListings.InPotsdam("Morbus-Crohn-Gruppe Potsdam", "morbus-crohn"));

        var jsonLd = JsonDocument.Parse(await JsonLdAsync(App.Anonymous(), id)).RootElement;
        Assert.Equal("https://schema.org", jsonLd.GetProperty("@context").GetString());
        Assert.Equal("Morbus-Crohn-Gruppe Potsdam", jsonLd.GetProperty("name").GetString());
        Assert.Equal("14467", jsonLd.GetProperty("location").GetProperty("address").GetProperty("postalCode").GetString());

        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/api/directory/listings/{id}");
        conditional.Headers.IfNoneMatch.Add(new EntityTagHeaderValue(etag));
        Assert.Equal(HttpStatusCode.NotModified, (await App.Anonymous().SendAsync(conditional)).StatusCode);
    }

    private static (double Latitude, double Longitude) Area(JsonElement place) =>
        (place.GetProperty("latitude").GetDouble(), place.GetProperty("longitude").GetDouble());

    private static async Task<string> JsonLdAsync(HttpClient client, Guid id)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/directory/listings/{id}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/ld+json"));
        using var response = await client.SendAsync(request);
        Assert.Equal("application/ld+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<string[]> EventTypesAsync(Guid id)
    {
        var joined = await App.ScalarAsync<string>(
            "SELECT coalesce(string_agg(message_type, '|' ORDER BY id), '') FROM outbox_messages WHERE aggregate_id = $1", id.ToString());
        return joined.Split('|', StringSplitOptions.RemoveEmptyEntries).Select(t => t.Split(',')[0]).Select(t => t[(t.LastIndexOf('.') + 1)..]).ToArray();
    }
}
