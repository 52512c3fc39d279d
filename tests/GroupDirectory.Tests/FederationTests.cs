using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Selbsthilfe.GroupDirectory.Api.Federation;
using Selbsthilfe.GroupDirectory.Api.Listings;

namespace GroupDirectory.Tests;

/// <summary>Two directory instances (two databases, two hosts) following each other's change feeds.</summary>
[Collection(DirectoryCollection.Name)]
public sealed class FederationTests(DirectoryFixture fixture) : IAsyncLifetime
{
    private const string BaseUrl = "http://peer.test";
    private DirectoryApp _a = null!;
    private DirectoryApp _b = null!;
    private DirectoryApp? _c;

    public async Task InitializeAsync()
    {
        _a = new DirectoryApp(fixture.Servers, null, () => _b.Handler());
        // B reaches A at peer.test and C (when a test makes one) at c.test.
        _b = new DirectoryApp(fixture.Servers, null, () => new Route(host => host == "c.test" ? _c!.Handler() : _a.Handler()));
        await _a.InitializeAsync();
        await _b.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    [Fact]
    public async Task Create_update_and_withdraw_on_one_instance_reach_the_other_and_its_copy_is_read_only()
    {
        var office = await _a.NewOfficeAsync("Kontaktstelle A");
        using var staffA = _a.As(office, "office-editor");
        var (id, etag) = await staffA.CreatePublishedAsync(TestListings.InPotsdam("Gesprächskreis pflegende Angehörige", "demenz"));
        await staffA.CreatePublishedAsync(TestListings.InPotsdam("Netzwerkgruppe Spielsucht", "gluecksspiel") with { Visibility = "office-network" });
        await staffA.CreatePublishedAsync(TestListings.InPotsdam("Verborgene Gruppe", "angst") with { Visibility = "office-only" });
        // A word no other listing has: imported listings feed B's typo dictionary as local ones do.
        var word = "Runde" + string.Concat(Guid.NewGuid().ToString("N")[..8].Select(c => (char)('a' + c % 26)));
        await staffA.CreatePublishedAsync(TestListings.InPotsdam($"Offene {word}", "angst") with { Visibility = "office-network" });
        await Follow(_b, _a, "instanz-a");

        await Pull(_b, "instanz-a");
        Assert.Equal(word, await _b.ScalarAsync<string>("SELECT word FROM search_terms WHERE folded = lower($1)", word), ignoreCase: true);

        Assert.Equal(["Gesprächskreis pflegende Angehörige"], (await _b.Anonymous().SearchAsync($"office={office}")).Names());
        using var counsellor = _b.As(await _b.NewOfficeAsync(), "office-editor");
        Assert.Equal(["Gesprächskreis pflegende Angehörige", "Netzwerkgruppe Spielsucht", $"Offene {word}"],
            (await counsellor.SearchAsync($"office={office}&sort=name")).Names());
        var copy = (await _b.Anonymous().SearchAsync($"office={office}")).GetProperty("items")[0];
        Assert.Equal("instanz-a", copy.GetProperty("importedFrom").GetProperty("peerId").GetString());
        Assert.Equal(id.ToString(), copy.GetProperty("importedFrom").GetProperty("remoteId").GetString());

        // Nobody on B changes A's listing, not even staff with A's office id.
        using var impostor = _b.As(office, "office-editor");
        using var forbidden = await impostor.PutAsync(Guid.Parse(copy.GetProperty("id").GetString()!), TestListings.InPotsdam("Gekapert"),
            $"\"{copy.GetProperty("version").GetInt32()}\"");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);

        using (var renamed = await staffA.PutAsync(id, TestListings.InPotsdam("Gesprächskreis für pflegende Angehörige", "demenz"), etag))
            Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        await Pull(_b, "instanz-a");
        Assert.Equal(["Gesprächskreis für pflegende Angehörige"], (await _b.Anonymous().SearchAsync($"office={office}")).Names());

        using (var withdrawn = await staffA.PostAsync($"/api/directory/listings/{id}/withdraw", null)) withdrawn.EnsureSuccessStatusCode();
        await Pull(_b, "instanz-a");
        Assert.Empty((await _b.Anonymous().SearchAsync($"office={office}")).Names());

        // Imported changes raise the same events as local ones: published, updated, withdrawn, each once.
        Assert.Equal(3L, await _b.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE aggregate_id = $1",
            copy.GetProperty("id").GetString()!));
    }

    [Fact]
    public async Task Two_instances_that_follow_each_other_do_not_echo_even_when_re_exporting()
    {
        var office = await _a.NewOfficeAsync("Kontaktstelle A");
        using var staffA = _a.As(office, "office-editor");
        await staffA.CreatePublishedAsync(TestListings.InPotsdam("Trauercafé am Sonntag", "trauer"));
        await Follow(_b, _a, "instanz-a", reexport: true);
        await Follow(_a, _b, "instanz-b", reexport: true);

        for (var round = 0; round < 3; round++)
        {
            await Pull(_b, "instanz-a");
            await Pull(_a, "instanz-b");
        }

        Assert.Equal(1L, await _a.ScalarAsync<long>("SELECT count(*) FROM listings"));
        Assert.Equal(1L, await _b.ScalarAsync<long>("SELECT count(*) FROM listings"));
        Assert.Equal(["Trauercafé am Sonntag"], (await _a.Anonymous().SearchAsync($"office={office}")).Names());
    }

    [Fact]
    public async Task A_follower_restarted_mid_sync_catches_up_exactly()
    {
        var office = await _a.NewOfficeAsync("Kontaktstelle A");
        using var staffA = _a.As(office, "office-editor");
        var names = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            names.Add($"Gruppe Nummer {i}");
            await staffA.CreatePublishedAsync(TestListings.InPotsdam(names[^1], "diabetes"));
        }
        // The connection breaks after two pages of two.
        var small = new Dictionary<string, string?> { ["Federation:PageSize"] = "2" };
        var b1 = new DirectoryApp(fixture.Servers, null, () => new FailAfter(2, _a.Handler()), small);
        await b1.InitializeAsync();
        await Follow(b1, _a, "instanz-a");
        await Pull(b1, "instanz-a");
        Assert.Equal(4L, await b1.ScalarAsync<long>("SELECT count(*) FROM listings"));
        var status = await b1.PlatformAdmin().GetFromJsonAsync<JsonElement>("/api/directory/federation/peers/instanz-a/status");
        Assert.Equal(1, status.GetProperty("consecutiveFailures").GetInt32());
        await b1.DisposeAsync();

        var b2 = new DirectoryApp(fixture.Servers, b1.ConnectionString, () => _a.Handler(), small);
        await b2.InitializeAsync();
        try
        {
            await Pull(b2, "instanz-a");
            Assert.Equal(names, (await b2.Anonymous().SearchAsync($"office={office}&sort=name")).Names());
            Assert.Equal(7L, await b2.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%ListingPublished%'"));
            status = await b2.PlatformAdmin().GetFromJsonAsync<JsonElement>("/api/directory/federation/peers/instanz-a/status");
            Assert.Equal(0, status.GetProperty("consecutiveFailures").GetInt32());
            Assert.Equal(0, status.GetProperty("lagChanges").GetInt64());
        }
        finally { await b2.DisposeAsync(); }
    }

    [Theory]
    [InlineData(500, "{}", "500")]
    [InlineData(200, "<html>Wartungsarbeiten</html>", "kein gültiger Feed")]
    [InlineData(200, """{"items":{"id":"x","version":1,"deleted":false},"next":"9","has_more":false}""", "kein gültiger Feed")]
    public async Task A_peer_answering_errors_or_garbage_is_reported_and_nothing_is_applied(int status, string body, string reported)
    {
        var c = new DirectoryApp(fixture.Servers, null, () => new Canned((HttpStatusCode)status, body));
        await c.InitializeAsync();
        try
        {
            await Follow(c, _a, "kaputt");
            await Pull(c, "kaputt");
            var peer = await c.PlatformAdmin().GetFromJsonAsync<JsonElement>("/api/directory/federation/peers/kaputt/status");
            Assert.Contains(reported, peer.GetProperty("lastError").GetString());
            Assert.Equal(1, peer.GetProperty("consecutiveFailures").GetInt32());
            Assert.True(peer.GetProperty("nextAttemptAt").GetDateTimeOffset() > c.Clock.GetUtcNow());
            Assert.Equal("", peer.GetProperty("checkpoint").GetString());
            Assert.Equal(0L, await c.ScalarAsync<long>("SELECT count(*) FROM listings"));
        }
        finally { await c.DisposeAsync(); }
    }

    [Fact]
    public async Task A_page_of_megabytes_arriving_in_small_pieces_without_a_length_is_read_whole()
    {
        // Whitespace before the entries is valid JSON: megabytes of it make the page outgrow the first buffer several
        // times over, without thousands of listings to write.
        await PublishOnA("Gruppe am Anfang", "Gruppe am Ende");
        var page = await _a.Anonymous().GetStringAsync("/federation/v1/listings");
        Assert.Contains("\"items\":[", page);
        var padded = page.Replace("\"items\":[", "\"items\":[" + new string(' ', 5 << 20), StringComparison.Ordinal);

        var c = new DirectoryApp(fixture.Servers, null, () => new Trickling(padded, TimeSpan.Zero));
        await c.InitializeAsync();
        try
        {
            await Follow(c, _a, "gross");
            await Pull(c, "gross");
            var peer = await c.PlatformAdmin().GetFromJsonAsync<JsonElement>("/api/directory/federation/peers/gross/status");
            Assert.False(peer.TryGetProperty("lastError", out var error) && error.ValueKind != JsonValueKind.Null, $"last error: {error}");
            Assert.Equal(["Gruppe am Anfang", "Gruppe am Ende"], (await c.Anonymous().SearchAsync("sort=name")).Names());
        }
        finally { await c.DisposeAsync(); }
    }

    [Fact]
    public async Task The_next_page_is_read_beside_the_page_being_applied_even_when_the_peer_answers_at_once()
    {
        // The peer answers the second page only once the first is written, and answers synchronously (as a peer
        // whose answer is at hand): read in line before the first page is applied, it would never come.
        await PublishOnA("Erste Seite", "Zweite Seite");
        using var reader = _a.Anonymous();
        var first = await reader.GetStringAsync("/federation/v1/listings?limit=1");
        var next = JsonDocument.Parse(first).RootElement.GetProperty("next").GetString()!;
        var pages = new Dictionary<string, string> { [""] = first, [next] = await reader.GetStringAsync($"/federation/v1/listings?since={next}&limit=1") };

        DirectoryApp c = null!;
        c = new DirectoryApp(fixture.Servers, null, () => new Pages(pages, since =>
        {
            if (since == next && !SpinWait.SpinUntil(() => c.ScalarAsync<long>("SELECT count(*) FROM listings").Result > 0, TimeSpan.FromSeconds(20)))
                throw new HttpRequestException("the first page was never applied");
        }));
        await c.InitializeAsync();
        try
        {
            await Follow(c, _a, "sofort");
            await Pull(c, "sofort");
            Assert.Equal(["Erste Seite", "Zweite Seite"], (await c.Anonymous().SearchAsync("sort=name")).Names());
        }
        finally { await c.DisposeAsync(); }
    }

    [Fact]
    public async Task A_peer_that_stops_sending_mid_page_is_reported_once_its_time_is_up_and_nothing_is_applied()
    {
        var office = await _a.NewOfficeAsync("Kontaktstelle A");
        using var staffA = _a.As(office, "office-editor");
        await staffA.CreatePublishedAsync(TestListings.InPotsdam("Gruppe im Stocken", "angst"));
        var page = await _a.Anonymous().GetStringAsync("/federation/v1/listings");

        var c = new DirectoryApp(fixture.Servers, null, () => new Trickling(page, Timeout.InfiniteTimeSpan),
            new Dictionary<string, string?> { ["Federation:RequestTimeout"] = "00:00:01" });
        await c.InitializeAsync();
        try
        {
            await Follow(c, _a, "stockend");
            await Pull(c, "stockend");
            var peer = await c.PlatformAdmin().GetFromJsonAsync<JsonElement>("/api/directory/federation/peers/stockend/status");
            Assert.Contains("nicht rechtzeitig", peer.GetProperty("lastError").GetString());
            Assert.Equal(1, peer.GetProperty("consecutiveFailures").GetInt32());
            Assert.Equal("", peer.GetProperty("checkpoint").GetString());
            Assert.Equal(0L, await c.ScalarAsync<long>("SELECT count(*) FROM listings"));
        }
        finally { await c.DisposeAsync(); }
    }

    [Fact]
    public async Task An_imported_listing_is_found_by_its_words_at_the_level_each_word_is_shown()
    {
        // Its search documents are built before its page is written (on a connection of their own): they must still
        // keep the levels apart.
        var office = await _a.NewOfficeAsync("Kontaktstelle A");
        using var staffA = _a.As(office, "office-editor");
        await staffA.CreatePublishedAsync(TestListings.InPotsdam("Gesprächsrunde Zwangsstörung", "angst") with
        {
            Description = "Treffpunkt im Hinterhof der Posaunenwerkstatt.",
            FieldVisibility = new FieldVisibilityRequest("office-network", "public", "public"),
        });
        await Follow(_b, _a, "instanz-a");
        await Pull(_b, "instanz-a");

        using var counsellor = _b.As(await _b.NewOfficeAsync(), "office-editor");
        Assert.Equal(["Gesprächsrunde Zwangsstörung"], (await _b.Anonymous().SearchAsync("q=Zwangsstörung")).Names());
        Assert.Equal(["Gesprächsrunde Zwangsstörung"], (await counsellor.SearchAsync("q=Posaunenwerkstatt")).Names());
        Assert.Equal(["Gesprächsrunde Zwangsstörung"], (await counsellor.SearchAsync("q=%22Hinterhof der Posaunenwerkstatt%22")).Names());
        Assert.Empty((await _b.Anonymous().SearchAsync("q=Posaunenwerkstatt")).Names());
        Assert.Empty((await _b.Anonymous().SearchAsync("q=%22Hinterhof der Posaunenwerkstatt%22")).Names());
    }

    [Fact]
    public async Task The_feed_shares_network_fields_only_with_keyed_peers_and_answers_304_and_gzip()
    {
        var office = await _a.NewOfficeAsync("Kontaktstelle A");
        using var staffA = _a.As(office, "office-editor");
        await staffA.CreatePublishedAsync(TestListings.InPotsdam("Offene Gruppe", "angst") with
        {
            Description = "Nur für Fachleute sichtbar.",
            FieldVisibility = new FieldVisibilityRequest("office-network", "public", "public"),
        });
        var key = await IssueKey(_a, "Instanz B");
        using var client = _a.Anonymous();

        var publicItem = await LastItem(client, null);
        var peerItem = await LastItem(client, key.GetProperty("key").GetString());
        Assert.False(publicItem.GetProperty("service").TryGetProperty("description", out var hidden) && hidden.ValueKind != JsonValueKind.Null);
        Assert.Equal("Nur für Fachleute sichtbar.", peerItem.GetProperty("service").GetProperty("description").GetString());

        using var admin = _a.PlatformAdmin();
        (await admin.DeleteAsync($"/api/directory/federation/keys/{key.GetProperty("id").GetString()}")).EnsureSuccessStatusCode();
        using var revoked = new HttpRequestMessage(HttpMethod.Get, "/federation/v1/listings");
        revoked.Headers.Add(FederationKeys.Header, key.GetProperty("key").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(revoked)).StatusCode);

        using var first = await client.GetAsync("/federation/v1/listings");
        using var again = new HttpRequestMessage(HttpMethod.Get, "/federation/v1/listings");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        again.Headers.AcceptEncoding.ParseAdd("gzip");
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);
        using var zipped = new HttpRequestMessage(HttpMethod.Get, "/federation/v1/listings");
        zipped.Headers.AcceptEncoding.ParseAdd("gzip");
        Assert.Contains("gzip", (await client.SendAsync(zipped)).Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task The_same_group_from_two_sources_is_listed_once_with_both_provenances()
    {
        _c = new DirectoryApp(fixture.Servers, null, null);
        await _c.InitializeAsync();
        try
        {
            using var staffA = _a.As(await _a.NewOfficeAsync("Kontaktstelle A"), "office-editor");
            using var staffC = _c.As(await _c.NewOfficeAsync("Kontaktstelle C"), "office-editor");
            var (idA, _) = await staffA.CreatePublishedAsync(TestListings.InPotsdam("Selbsthilfegruppe Tinnitus", "tinnitus"));
            await staffC.CreatePublishedAsync(TestListings.InPotsdam("Selbsthilfegruppe Tinnitus", "tinnitus", "hoerbehinderung"));
            await Follow(_b, _a, "instanz-a");
            await Follow(_b, _c, "instanz-c", baseUrl: "http://c.test");

            await Pull(_b, "instanz-a");
            await Pull(_b, "instanz-c");

            var found = (await _b.Anonymous().SearchAsync("q=Tinnitus")).GetProperty("items");
            Assert.Equal(1, found.GetArrayLength());
            Assert.Equal("instanz-a", found[0].GetProperty("importedFrom").GetProperty("peerId").GetString());
            Assert.Equal("instanz-c", found[0].GetProperty("alsoListedBy")[0].GetProperty("peerId").GetString());

            // When the copy shown goes, the other one is shown.
            using (var withdrawn = await staffA.PostAsync($"/api/directory/listings/{idA}/withdraw", null)) withdrawn.EnsureSuccessStatusCode();
            await Pull(_b, "instanz-a");
            found = (await _b.Anonymous().SearchAsync("q=Tinnitus")).GetProperty("items");
            Assert.Equal("instanz-c", Assert.Single(found.EnumerateArray()).GetProperty("importedFrom").GetProperty("peerId").GetString());
        }
        finally { await _c.DisposeAsync(); }
    }

    [Fact]
    public async Task Meeting_guide_lists_are_served_and_read_and_a_meeting_no_longer_listed_is_withdrawn()
    {
        var office = await _a.NewOfficeAsync("Kontaktstelle A");
        using var staffA = _a.As(office, "office-editor");
        var (id, _) = await staffA.CreatePublishedAsync(TestListings.InPotsdam("Offenes Meeting Potsdam", "alkohol"));
        await staffA.CreatePublishedAsync(TestListings.InPotsdam("Nur für Fachleute", "alkohol") with { Visibility = "office-network" });

        var served = await _a.Anonymous().GetFromJsonAsync<JsonElement>("/federation/v1/meeting-guide.json");
        var meeting = Assert.Single(served.EnumerateArray(), m => m.GetProperty("slug").GetString() == id.ToString());
        Assert.Equal("Offenes Meeting Potsdam", meeting.GetProperty("name").GetString());
        Assert.Equal("14467", meeting.GetProperty("postal_code").GetString());
        Assert.DoesNotContain(served.EnumerateArray(), m => m.GetProperty("name").GetString() == "Nur für Fachleute");

        using var admin = _b.PlatformAdmin();
        (await admin.PostAsJsonAsync("/api/directory/federation/peers", new
        {
            id = "meetings-a", baseUrl = BaseUrl + "/federation/v1/meeting-guide.json", format = "meeting-guide",
            defaultTopics = new[] { "alkohol" }, officeName = "Meetingliste A",
        })).EnsureSuccessStatusCode();
        await Pull(_b, "meetings-a");
        Assert.Equal(["Offenes Meeting Potsdam"], (await _b.Anonymous().SearchAsync("office=meetings-a")).Names());
        var events = await _b.ScalarAsync<long>("SELECT count(*) FROM outbox_messages");

        await Pull(_b, "meetings-a"); // the same list again: nothing changes
        Assert.Equal(events, await _b.ScalarAsync<long>("SELECT count(*) FROM outbox_messages"));

        using (var withdrawn = await staffA.PostAsync($"/api/directory/listings/{id}/withdraw", null)) withdrawn.EnsureSuccessStatusCode();
        await Pull(_b, "meetings-a");
        Assert.Empty((await _b.Anonymous().SearchAsync("office=meetings-a")).Names());
    }

    [Fact]
    public async Task A_meeting_list_written_by_others_from_the_spec_is_imported()
    {
        const string List = """
            [{"name":"Montagsgruppe Kassel","slug":"montag-kassel","day":1,"time":"19:30","end_time":"21:00","timezone":"Europe/Berlin",
              "location":"Gemeindehaus St. Martin","address":"Martinsplatz 5","city":"Kassel","postal_code":"34117","country":"DE",
              "latitude":"51.3170","longitude":9.4975,"types":["O","X"],"notes":"Eingang über den Hof.","updated":"2026-10-01 12:00:00"},
             {"name":"Online am Abend","slug":"online-abend","day":[2,4],"time":"20:00","conference_url":"https://meet.example.org/abend",
              "attendance_option":"online","types":["ONL"]},
             {"name":"Mittwochsgruppe","slug":"mittwoch-kassel","day":3,"time":"19:00","location":"Bürgerhaus","address":"Holländische Str. 1",
              "city":"Kassel","postal_code":"34127","types":["C","TC"],"conference_url":"https://meet.example.org/mittwoch"},
             {"name":"Freitagsgruppe","slug":"freitag-kassel","day":5,"time":"19:00","address":"Martinsplatz 5","city":"Kassel",
              "postal_code":"34117","types":["O","TC"]},
             {"name":"Samstagsgruppe","slug":"samstag-kassel","day":6,"time":"10:00","attendance_option":"inactive"}]
            """;
        var c = new DirectoryApp(fixture.Servers, null, () => new Canned(HttpStatusCode.OK, List));
        await c.InitializeAsync();
        try
        {
            using var admin = c.PlatformAdmin();
            (await admin.PostAsJsonAsync("/api/directory/federation/peers", new
            {
                id = "tsml-kassel", baseUrl = "https://meetings.example.org/wp-admin/admin-ajax.php?action=meetings", format = "meeting-guide",
                defaultTopics = new[] { "alkohol" },
            })).EnsureSuccessStatusCode();
            await Pull(c, "tsml-kassel");
            // TC: the location is temporarily closed. Reachable online, the meeting goes on there; else it is not listed.
            Assert.Equal(["Mittwochsgruppe", "Montagsgruppe Kassel", "Online am Abend"],
                (await c.Anonymous().SearchAsync("office=tsml-kassel&sort=name")).Names());
            var near = await c.Anonymous().SearchAsync("lat=51.31&lon=9.49&radiusKm=5");
            Assert.Equal(["Montagsgruppe Kassel"], near.Names());
            // Meetings that do not take place are no refused entries.
            var peer = await admin.GetFromJsonAsync<JsonElement>("/api/directory/federation/peers/tsml-kassel/status");
            Assert.False(peer.TryGetProperty("lastError", out var error) && error.ValueKind != JsonValueKind.Null, error.ToString());
        }
        finally { await c.DisposeAsync(); }
    }

    [Fact]
    public async Task A_feed_page_without_our_extension_fields_imports_what_it_shows_as_public()
    {
        const string Page = """
            {"items":[{"id":"svc-17","version":3,"deleted":false,
              "organization":{"id":"kiss-nord","name":"KISS Nord"},
              "service":{"id":"svc-17","name":"Gesprächsgruppe Long Covid","description":"Austausch und Tipps für den Alltag.",
                "status":"active","taxonomy_terms":[{"id":"x-99","term":"Long Covid"}]},
              "location":{"name":"Gesundheitstreff","location_type":"physical","latitude":53.55,"longitude":9.99,
                "addresses":[{"address_1":"Hafenstraße 3","city":"Hamburg","postal_code":"20359","country":"DE"}]}}],
             "next":"17","has_more":false}
            """;
        var c = new DirectoryApp(fixture.Servers, null, () => new Canned(HttpStatusCode.OK, Page));
        await c.InitializeAsync();
        try
        {
            await Follow(c, _a, "hsds-nord");
            await Pull(c, "hsds-nord");
            var found = (await c.Anonymous().SearchAsync("q=Long%20Covid")).GetProperty("items");
            var item = Assert.Single(found.EnumerateArray());
            Assert.Equal("Hafenstraße 3", item.GetProperty("place").GetProperty("street").GetString());
            Assert.Equal("long-covid", item.GetProperty("topics")[0].GetProperty("code").GetString());
        }
        finally { await c.DisposeAsync(); }
    }

    [Fact]
    public async Task The_same_group_twice_in_one_feed_page_is_listed_once()
    {
        const string Page = """
            {"items":[
              {"id":"a-1","version":1,"deleted":false,"organization":{"id":"kiss-west","name":"KISS West"},
               "service":{"id":"a-1","name":"Selbsthilfegruppe Tinnitus","status":"active","taxonomy_terms":[{"id":"tinnitus","term":"Tinnitus"}]},
               "location":{"name":"Treff","location_type":"physical","addresses":[{"address_1":"Weg 1","city":"Köln","postal_code":"50667","country":"DE"}]}},
              {"id":"a-2","version":1,"deleted":false,"organization":{"id":"kiss-west","name":"KISS West"},
               "service":{"id":"a-2","name":"Selbsthilfegruppe TINNITUS","status":"active","taxonomy_terms":[{"id":"tinnitus","term":"Tinnitus"}]},
               "location":{"name":"Treff","location_type":"physical","addresses":[{"address_1":"Weg 1","city":"Köln","postal_code":"50667","country":"DE"}]}}],
             "next":"2","has_more":false}
            """;
        var c = new DirectoryApp(fixture.Servers, null, () => new Canned(HttpStatusCode.OK, Page));
        await c.InitializeAsync();
        try
        {
            await Follow(c, _a, "doppelt");
            await Pull(c, "doppelt");
            var found = (await c.Anonymous().SearchAsync("q=Tinnitus")).GetProperty("items");
            var shown = Assert.Single(found.EnumerateArray());
            Assert.Equal("a-1", shown.GetProperty("importedFrom").GetProperty("remoteId").GetString());
            Assert.Equal("a-2", shown.GetProperty("alsoListedBy")[0].GetProperty("remoteId").GetString());
            Assert.Equal(2L, await c.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%ListingPublished%'"));
        }
        finally { await c.DisposeAsync(); }
    }

    [Fact]
    public async Task A_feed_written_from_the_HSDS_3_spec_is_imported_entry_by_entry_and_an_inactive_service_is_withdrawn()
    {
        const string Office = """ "organization":{"id":"org_12","name":"KISS Zwölf"} """;
        var pages = new Dictionary<string, string>
        {
            [""] = $$$"""
                {"items":[
                  {"id":"hsds-a","version":1,"deleted":false,
                   "service":{"id":"svc-a","name":"Selbsthilfegruppe Ohrgeräusche","status":"active",{{{Office}}},
                     "attributes":[{"taxonomy_term":{"id":"5b1e","name":"Tinnitus"}}],
                     "service_at_locations":[{"location":{"name":"Bürgerhaus","location_type":"physical",
                       "addresses":[{"address_1":"Hohe Straße 1","city":"Köln","postal_code":"50667","address_type":"physical"}]}}]}},
                  {"id":"hsds-bad","version":1,"deleted":false,{{{Office}}},"service":{"id":"b","name":"Kaputt","status":"active"},
                   "location":{"latitude":"Norden"}},
                  {"id":42,"version":1,"deleted":false,{{{Office}}},
                   "service":{"id":42,"name":"Trauercafé Köln","status":"active","languages":["deu"],"taxonomy_terms":[{"id":"trauer","term":"Trauer"}]},
                   "location":{"name":"Café","latitude":"50.94","longitude":"6.96",
                     "addresses":[{"address_1":"Domplatz 1","city":"Köln","postal_code":50667}]}}],
                 "next":"p2","has_more":false}
                """,
            ["p2"] = $$$"""
                {"items":[{"id":"hsds-a","version":2,"deleted":false,
                  "service":{"id":"svc-a","name":"Selbsthilfegruppe Ohrgeräusche","status":"temporarily closed",{{{Office}}}}}],
                 "next":"p3","has_more":false}
                """,
        };
        var c = new DirectoryApp(fixture.Servers, null, () => new Pages(pages));
        await c.InitializeAsync();
        try
        {
            await Follow(c, _a, "hsds-3");
            await Pull(c, "hsds-3");

            Assert.Equal(["Selbsthilfegruppe Ohrgeräusche", "Trauercafé Köln"], (await c.Anonymous().SearchAsync("office=org-12&sort=name")).Names());
            var peer = await c.PlatformAdmin().GetFromJsonAsync<JsonElement>("/api/directory/federation/peers/hsds-3/status");
            Assert.Equal("p2", peer.GetProperty("checkpoint").GetString());
            Assert.Equal(0, peer.GetProperty("consecutiveFailures").GetInt32());
            Assert.StartsWith("1 Einträge abgelehnt", peer.GetProperty("lastError").GetString(), StringComparison.Ordinal);

            await Pull(c, "hsds-3");

            Assert.Equal(["Trauercafé Köln"], (await c.Anonymous().SearchAsync("office=org-12")).Names());
            Assert.Equal(1L, await c.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%ListingWithdrawn%'"));
        }
        finally { await c.DisposeAsync(); }
    }

    [Fact]
    public async Task Any_site_may_read_the_public_meeting_guide_list_from_a_browser_but_not_the_change_feed()
    {
        using var client = _a.Anonymous();
        using var list = new HttpRequestMessage(HttpMethod.Get, "/federation/v1/meeting-guide.json");
        list.Headers.Add("Origin", "https://meetings.example.org");
        using var feed = new HttpRequestMessage(HttpMethod.Get, "/federation/v1/listings");
        feed.Headers.Add("Origin", "https://meetings.example.org");

        using var listed = await client.SendAsync(list);
        using var fed = await client.SendAsync(feed);

        Assert.Equal("*", Assert.Single(listed.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.False(fed.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private static async Task<JsonElement> LastItem(HttpClient client, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/federation/v1/listings?limit=1000");
        if (key is not null) request.Headers.Add(FederationKeys.Header, key);
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var items = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items");
        return items[items.GetArrayLength() - 1];
    }

    /// <summary>Published listings of one new office on A, in Potsdam on the topic "angst".</summary>
    private async Task PublishOnA(params string[] names)
    {
        using var staffA = _a.As(await _a.NewOfficeAsync("Kontaktstelle A"), "office-editor");
        foreach (var name in names) await staffA.CreatePublishedAsync(TestListings.InPotsdam(name, "angst"));
    }

    private static async Task<JsonElement> IssueKey(DirectoryApp issuer, string peerName)
    {
        using var admin = issuer.PlatformAdmin();
        using var response = await admin.PostAsJsonAsync("/api/directory/federation/keys", new { peerName });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task Entries_refused_on_one_page_are_still_reported_after_a_clean_page_of_the_same_pull()
    {
        const string Office = "\"organization\":{\"id\":\"kiss-rhein\",\"name\":\"KISS Rhein\"}";
        static string Entry(string id, string name) =>
            "{\"id\":\"" + id + "\",\"version\":1,\"deleted\":false," + Office + ",\"service\":{\"id\":\"" + id + "\",\"name\":\"" + name
            + "\",\"status\":\"active\",\"taxonomy_terms\":[{\"id\":\"trauer\",\"term\":\"Trauer\"}]},"
            + "\"location\":{\"name\":\"Treff\",\"addresses\":[{\"address_1\":\"Domplatz 1\",\"city\":\"Köln\",\"postal_code\":\"50667\"}]}}";
        const string Bad = "{\"id\":\"kaputt\",\"version\":1,\"deleted\":false," + Office
            + ",\"service\":{\"id\":\"kaputt\",\"name\":\"Kaputt\",\"status\":\"active\"},\"location\":{\"latitude\":\"Norden\"}}";
        var pages = new Dictionary<string, string>
        {
            [""] = "{\"items\":[" + Entry("r1", "Trauercafé Süd") + "," + Bad + "],\"next\":\"p2\",\"has_more\":true}",
            ["p2"] = "{\"items\":[" + Entry("r2", "Trauercafé Nord") + "],\"next\":\"p3\",\"has_more\":false}",
        };
        var c = new DirectoryApp(fixture.Servers, null, () => new Pages(pages));
        await c.InitializeAsync();
        try
        {
            await Follow(c, _a, "rhein");
            await Pull(c, "rhein");

            Assert.Equal(["Trauercafé Nord", "Trauercafé Süd"], (await c.Anonymous().SearchAsync("office=kiss-rhein&sort=name")).Names());
            var peer = await c.PlatformAdmin().GetFromJsonAsync<JsonElement>("/api/directory/federation/peers/rhein/status");
            Assert.Equal("p3", peer.GetProperty("checkpoint").GetString());
            Assert.StartsWith("1 Einträge abgelehnt", peer.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        }
        finally { await c.DisposeAsync(); }
    }

    private static async Task Follow(DirectoryApp follower, DirectoryApp followed, string peerId, bool reexport = false, string baseUrl = BaseUrl)
    {
        var key = (await IssueKey(followed, peerId)).GetProperty("key").GetString();
        using var admin = follower.PlatformAdmin();
        using var response = await admin.PostAsJsonAsync("/api/directory/federation/peers", new { id = peerId, baseUrl, key, reexport });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static async Task Pull(DirectoryApp app, string peerId)
    {
        var peer = await app.Services.GetRequiredService<Peers>().FindAsync(peerId, default);
        await app.Services.GetRequiredService<PeerPuller>().PullAsync(peer!, default);
    }

    /// <summary>Passes the first requests through, then the connection is gone.</summary>
    private sealed class FailAfter(int requests, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private int _sent;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct) =>
            Interlocked.Increment(ref _sent) > requests ? throw new HttpRequestException("connection reset") : base.SendAsync(request, ct);
    }

    /// <summary>Sends each request to the instance its host names.</summary>
    private sealed class Route(Func<string, HttpMessageHandler> pick) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            using var invoker = new HttpMessageInvoker(pick(request.RequestUri!.Host), disposeHandler: false);
            return invoker.SendAsync(request, ct);
        }
    }

    /// <summary>A peer whose feed pages are given by the cursor asked for (since), answered synchronously after <paramref name="before"/>.</summary>
    private sealed class Pages(IReadOnlyDictionary<string, string> bySince, Action<string>? before = null) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var since = System.Web.HttpUtility.ParseQueryString(request.RequestUri!.Query)["since"] ?? "";
            before?.Invoke(since);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(bySince[since]) });
        }
    }

    /// <summary>A peer that always gives the same answer.</summary>
    private sealed class Canned(HttpStatusCode status, string body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct) =>
            Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body) });
    }

    /// <summary>
    /// A peer whose page comes without a length, a few kilobytes per read; with a <paramref name="stall"/>, the second
    /// half of the page waits that long.
    /// </summary>
    private sealed class Trickling(string body, TimeSpan stall) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new Pieces(Encoding.UTF8.GetBytes(body), stall)) });

        private sealed class Pieces(byte[] bytes, TimeSpan stall) : Stream
        {
            private int _position;

            public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
            {
                if (stall != TimeSpan.Zero && _position >= bytes.Length / 2) await Task.Delay(stall, ct);
                var count = Math.Min(Math.Min(buffer.Length, 4096), bytes.Length - _position);
                bytes.AsMemory(_position, count).CopyTo(buffer);
                _position += count;
                return count;
            }

            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => _position; set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }
    }
}
