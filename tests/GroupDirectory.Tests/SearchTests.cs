using System.Text.Json;
using Selbsthilfe.GroupDirectory.Api.Listings;

namespace GroupDirectory.Tests;

/// <summary>
/// Relevance on a fixed set of groups, each search limited to this test's office so other tests' data cannot
/// interfere. Coordinates: Potsdam centre, Berlin-Mitte (≈ 27 km), Dresden (≈ 160 km).
/// </summary>
[Collection(DirectoryCollection.Name)]
public sealed class SearchTests(DirectoryFixture fixture) : IAsyncLifetime
{
    private DirectoryApp App => fixture.App;
    private string _office = "";

    public async Task InitializeAsync()
    {
        _office = await App.NewOfficeAsync();
        using var staff = App.As(_office, "office-editor");
        ListingRequest[] groups =
        [
            TestListings.InPotsdam("Gesprächsgruppe Angst und Panik", "angst") with
                { Description = "Wir sprechen offen über unsere Angst vor engen Räumen und vor Menschen." },
            TestListings.InPotsdam("Anonyme Trinker Babelsberg", "alkohol") with
                { Audience = "affected", Accessibility = ["hearing-loop"], Languages = ["de", "en"] },
            TestListings.InPotsdam("Lichtblick – Leben mit Depressionen", "depression") with { Setting = "hybrid" },
            TestListings.InPotsdam("Leben mit MS", "multiple-sklerose") with { Openness = "waiting-list" },
            TestListings.InPotsdam("Hinterbliebenen-Café", "trauer") with { Audience = "relatives" },
            TestListings.InPotsdam("Mütter nach Fehlgeburt", "sternenkinder").At("10117", "Berlin", 52.5170, 13.3889),
            TestListings.InPotsdam("Straßenkinder von früher", "sucht").At("01067", "Dresden", 51.0504, 13.7373) with
                { Description = "Größere Gruppe für Erwachsene, die als Jugendliche auf der Straße lebten." },
        ];
        foreach (var group in groups) await staff.CreatePublishedAsync(group);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<JsonElement> Search(string query) => App.Anonymous().SearchAsync($"office={_office}&{query}");

    [Theory]
    [InlineData("Ängste", "Gesprächsgruppe Angst und Panik")]          // stemming and umlaut folding
    [InlineData("aengste", "Gesprächsgruppe Angst und Panik")]          // ae typed for ä
    [InlineData("Depression", "Lichtblick – Leben mit Depressionen")]   // singular finds plural
    [InlineData("Depresion", "Lichtblick – Leben mit Depressionen")]    // typo
    [InlineData("Depresssionen", "Lichtblick – Leben mit Depressionen")]  // typo in the inflected form
    [InlineData("F32", "Lichtblick – Leben mit Depressionen")]          // ICD-10-GM code
    [InlineData("Alkoholabhängigkeit", "Anonyme Trinker Babelsberg")]   // synonym of the topic
    [InlineData("Alkohol", "Anonyme Trinker Babelsberg")]
    [InlineData("Multiple Sklerose", "Leben mit MS")]
    [InlineData("MS", "Leben mit MS")]
    [InlineData("G35", "Leben mit MS")]
    [InlineData("Trauer", "Hinterbliebenen-Café")]
    [InlineData("Verlust", "Hinterbliebenen-Café")]
    [InlineData("Mennschen", "Gesprächsgruppe Angst und Panik")]       // typo in a word of the description
    [InlineData("Raeumen", "Gesprächsgruppe Angst und Panik")]         // ae typed for ä in the description
    [InlineData("Mutter", "Mütter nach Fehlgeburt")]                    // umlaut in the plural
    [InlineData("Strasse", "Straßenkinder von früher")]                 // ß folded to ss
    [InlineData("Strassenkinder", "Straßenkinder von früher")]
    [InlineData("\"Angst und Panik\"", "Gesprächsgruppe Angst und Panik")]    // a phrase (matched by PostgreSQL)
    [InlineData("Hinterbliebenen-Café", "Hinterbliebenen-Café")]        // a compound with a hyphen is a phrase too
    public async Task Any_name_of_a_topic_or_a_word_of_the_text_finds_the_group(string query, string expected)
    {
        var names = (await Search($"q={Uri.EscapeDataString(query)}")).Names();

        Assert.Contains(expected, names);
        Assert.Equal(expected, names[0]);
    }

    [Fact]
    public async Task A_phrase_keeps_its_word_order_also_where_it_is_excluded()
    {
        // PostgreSQL checks phrases among the candidates the index names; a negated phrase must not narrow them.
        Assert.Equal(["Gesprächsgruppe Angst und Panik"], (await Search($"q={Uri.EscapeDataString("\"engen Räumen\"")}")).Names());
        Assert.Empty((await Search($"q={Uri.EscapeDataString("\"Räumen engen\"")}")).Names());
        Assert.Empty((await Search($"q={Uri.EscapeDataString("offen -\"engen Räumen\"")}")).Names());
        Assert.Equal(["Gesprächsgruppe Angst und Panik"], (await Search($"q={Uri.EscapeDataString("offen -\"Räumen engen\"")}")).Names());
    }

    [Theory]
    [InlineData("Alkoholabhängigkeit Babelsberg", "Anonyme Trinker Babelsberg")]  // the topic by a synonym, the place by its text
    [InlineData("Sucht Dresden", "Straßenkinder von früher")]                     // not the addiction group in Potsdam
    [InlineData("Trauer Dresden")]                                                // no grief group in Dresden: none, not Potsdam's
    [InlineData("Verlust Berlin", "Mütter nach Fehlgeburt")]                      // a sub-topic of grief, in Berlin
    [InlineData("Selbsthilfegruppe Babelsberg", "Anonyme Trinker Babelsberg")]    // words that only say "a group" narrow nothing
    [InlineData("Gesprächskreis Depression Potsdam", "Lichtblick – Leben mit Depressionen")]
    [InlineData("Selbsthilfegruppe für Trauer in der Nähe", "Hinterbliebenen-Café", "Mütter nach Fehlgeburt")]
    [InlineData("Hilfe für Alkoholiker", "Anonyme Trinker Babelsberg")]          // "für" is a stop word, umlaut and all
    [InlineData("Mütter über Fehlgeburt", "Mütter nach Fehlgeburt")]
    [InlineData("Sucht Babelsbreg", "Anonyme Trinker Babelsberg")]                // a typo beside a named topic
    [InlineData("Depressionsgruppe Potsdam", "Lichtblick – Leben mit Depressionen")]  // a generic word compounded
    [InlineData("Angstgruppe", "Gesprächsgruppe Angst und Panik")]
    [InlineData("MS-Gruppe", "Leben mit MS")]
    [InlineData("Suchtselbsthilfegruppe Dresden", "Straßenkinder von früher")]
    [InlineData("Trauergruppe", "Hinterbliebenen-Café", "Mütter nach Fehlgeburt")]       // a compound that names a topic
    public async Task A_named_topic_stands_in_for_its_own_words_only(string query, params string[] expected)
    {
        Assert.Equal(expected, (await Search($"q={Uri.EscapeDataString(query)}")).Names());
    }

    [Fact]
    public async Task Each_topic_a_query_names_must_be_met_and_the_longest_name_counts()
    {
        using var staff = App.As(_office, "office-editor");
        await staff.CreatePublishedAsync(TestListings.InPotsdam("Brustkrebs: Frauen helfen Frauen", "brustkrebs"));
        await staff.CreatePublishedAsync(TestListings.InPotsdam("Frauentreff am Markt", "frauengruppen"));
        await staff.CreatePublishedAsync(TestListings.InPotsdam("Zappelphilipp – Elternkreis", "adhs"));
        await staff.CreatePublishedAsync(TestListings.InPotsdam("Spät erkannt", "adhs-erwachsene"));
        await staff.CreatePublishedAsync(TestListings.InPotsdam("Seniorentreff Sonnenschein", "aeltere-menschen"));
        await staff.CreatePublishedAsync(TestListings.InPotsdam("Nach Corona", "long-covid"));

        // Cancer (by its sub-topic) and women (by the text), not every women's group and every cancer group.
        Assert.Equal(["Brustkrebs: Frauen helfen Frauen"], (await Search("q=Krebs%20Frauen")).Names());
        // "ADHS Erwachsene" is one topic, not ADHS and adults.
        Assert.Equal(["Spät erkannt"], (await Search("q=ADHS%20Erwachsene")).Names());
        // A word that topic names use is no typo of another name: "Eltern" is not "Altern".
        Assert.DoesNotContain("Seniorentreff Sonnenschein", (await Search("q=Eltern")).Names());
        Assert.Contains("Seniorentreff Sonnenschein", (await Search("q=Altern")).Names());
        // "oder" is either.
        var either = (await Search("q=ADHS%20Erwachsene%20oder%20Frauengruppe")).Names();
        Assert.Contains("Frauentreff am Markt", either);
        Assert.Contains("Spät erkannt", either);
        Assert.DoesNotContain("Zappelphilipp – Elternkreis", either);
        Assert.Empty((await Search("q=ADHS%20Erwachsene%20Frauengruppe")).Names());
        // A hyphenated name is a phrase: PostgreSQL checks the same terms.
        Assert.Equal(["Nach Corona"], (await Search("q=Long-Covid%20Potsdam")).Names());
        Assert.Empty((await Search("q=Long-Covid%20Dresden")).Names());
        Assert.Equal(["Nach Corona"], (await staff.SearchAsync($"office={_office}&q=Long-Covid%20Potsdam")).Names());
    }

    [Theory]
    [InlineData("Trauer Babelsberg oder Potsdam", "Hinterbliebenen-Café")]        // "oder" joins the words beside it
    [InlineData("Trauer Berlin oder Potsdam", "Hinterbliebenen-Café", "Mütter nach Fehlgeburt")]
    [InlineData("Trauer oder", "Hinterbliebenen-Café", "Mütter nach Fehlgeburt")]  // "oder" at an end joins nothing
    [InlineData("oder Trauer", "Hinterbliebenen-Café", "Mütter nach Fehlgeburt")]
    [InlineData("Depressionsgruppe oder Angstgruppe", "Gesprächsgruppe Angst und Panik", "Lichtblick – Leben mit Depressionen")]
    [InlineData("Angst/Panik", "Gesprächsgruppe Angst und Panik")]                 // a word of parts naming two topics
    [InlineData("Sucht-Dresden", "Straßenkinder von früher")]
    [InlineData("Selbsthilfegruppe fuer Trauer", "Hinterbliebenen-Café", "Mütter nach Fehlgeburt")]  // a stop word typed with "ue"
    [InlineData("Sucht -Alkohol", "Straßenkinder von früher")]                     // a word excluded names no topic
    public async Task Words_joined_by_oder_or_by_a_hyphen_and_stop_words_as_typed_are_read_as_meant(string query, params string[] expected)
    {
        Assert.Equal(expected.Order(), (await Search($"q={Uri.EscapeDataString(query)}")).Names().Order());
    }

    [Theory]
    [InlineData("Selbsthilfegruppe in der Nähe")]
    [InlineData("Gruppe für mich")]
    [InlineData("Selbsthilfegruppe")]
    public async Task A_text_that_only_asks_for_a_group_finds_every_group(string query)
    {
        Assert.Equal((await Search("limit=100")).Names().Order(), (await Search($"q={Uri.EscapeDataString(query)}&limit=100")).Names().Order());
        Assert.Equal(7, (await Search($"q={Uri.EscapeDataString(query)}&limit=100")).Names().Count);
    }

    [Fact]
    public async Task A_group_filed_under_the_topic_named_comes_before_groups_of_its_sub_topics()
    {
        using var staff = App.As(_office, "office-editor");
        await staff.CreatePublishedAsync(TestListings.InPotsdam("Depression nach der Geburt – Mütter unter sich", "postpartale-depression") with
            { Description = "Wir sind Mütter mit einer Depression nach der Geburt und treffen uns in Potsdam." });

        Assert.Equal(["Lichtblick – Leben mit Depressionen", "Depression nach der Geburt – Mütter unter sich"], (await Search("q=Depression")).Names());
    }

    [Fact]
    public async Task Searching_the_parent_topic_finds_groups_of_its_sub_topics()
    {
        Assert.Contains("Anonyme Trinker Babelsberg", (await Search("q=Sucht")).Names());
        Assert.Contains("Anonyme Trinker Babelsberg", (await Search("topic=sucht")).Names());
        Assert.DoesNotContain("Leben mit MS", (await Search("topic=sucht")).Names());
    }

    [Fact]
    public async Task Filters_narrow_the_results()
    {
        Assert.Equal(["Hinterbliebenen-Café"], (await Search("audience=relatives")).Names());
        Assert.Equal(["Lichtblick – Leben mit Depressionen"], (await Search("setting=hybrid")).Names());
        Assert.Equal(["Anonyme Trinker Babelsberg"], (await Search("language=en")).Names());
        Assert.Equal(["Anonyme Trinker Babelsberg"], (await Search("accessibility=hearing-loop")).Names());
        Assert.DoesNotContain("Leben mit MS", (await Search("open=true")).Names());
        Assert.Equal(["Leben mit MS"], (await Search("open=false")).Names());
    }

    [Fact]
    public async Task A_radius_around_coordinates_keeps_the_near_groups_nearest_first()
    {
        var page = await Search("lat=52.3906&lon=13.0645&radiusKm=50&limit=100");
        var names = page.Names();

        Assert.DoesNotContain("Straßenkinder von früher", names);
        Assert.Equal("Mütter nach Fehlgeburt", names[^1]);
        var distances = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("distanceKm").GetDouble()).ToList();
        Assert.Equal(distances.Order().ToList(), distances);
        Assert.InRange(distances[^1], 20, 35);
    }

    [Fact]
    public async Task A_postcode_with_a_radius_searches_around_the_places_listed_there()
    {
        var names = (await Search("postcode=01067&radiusKm=10")).Names();

        Assert.Equal(["Straßenkinder von früher"], names);
    }

    [Fact]
    public async Task Facets_count_the_matching_groups_per_value()
    {
        var facets = (await Search("q=Leben")).GetProperty("facets");

        Assert.Equal(2, facets.GetProperty("total").GetInt32());
        Assert.Equal(1, facets.GetProperty("counts").GetProperty("topic").GetProperty("depression").GetInt32());
        Assert.Equal(2, facets.GetProperty("counts").GetProperty("office").GetProperty(_office).GetInt32());
    }

    [Fact]
    public async Task Paging_neither_repeats_nor_skips_while_groups_are_added()
    {
        var office = await App.NewOfficeAsync();
        using var staff = App.As(office, "office-editor");
        var original = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            var name = $"Gruppe {(char)('B' + i)}";
            original.Add(name);
            await staff.CreatePublishedAsync(TestListings.InPotsdam(name));
        }

        var seen = new List<string>();
        var page = await App.Anonymous().SearchAsync($"office={office}&limit=5");
        seen.AddRange(page.Names());
        // Added between pages: before and after the current position in the order.
        await staff.CreatePublishedAsync(TestListings.InPotsdam("Gruppe A (neu)"));
        await staff.CreatePublishedAsync(TestListings.InPotsdam("Gruppe Z (neu)"));
        while (page.TryGetProperty("nextCursor", out var cursor))
        {
            page = await App.Anonymous().SearchAsync($"office={office}&limit=5&cursor={cursor.GetString()}");
            seen.AddRange(page.Names());
        }

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Subset(seen.ToHashSet(), original.ToHashSet());
        Assert.Contains("Gruppe Z (neu)", seen);
    }

    [Fact]
    public async Task A_bad_cursor_or_filter_gets_field_errors()
    {
        using var response = await App.Anonymous().GetAsync("/api/directory/groups?cursor=nonsense!&audience=everyone&radiusKm=5");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("cursor", out _));
        Assert.True(errors.TryGetProperty("audience", out _));
        Assert.True(errors.TryGetProperty("radiusKm", out _));
    }

    [Theory]
    [InlineData("eyJub3QiOiJhIGN1cnNvciJ9")]                                       // {"not":"a cursor"}
    [InlineData("eyJTb3J0IjoicHJpY2UiLCJJZCI6IjAxYTI1MzNkLTMwOWItNzYxOS05MWJlLWJhZDM5Y2I4MzJkOSJ9")] // an unknown sort
    public async Task Well_formed_json_that_this_API_did_not_write_is_no_cursor(string cursor)
    {
        using var response = await App.Anonymous().GetAsync($"/api/directory/groups?q=Angst&cursor={cursor}");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("cursor", out _));
    }
}
