using Selbsthilfe.Web.Components.Pages.Finder;

namespace Web.Tests;

/// <summary>The finder's form, checked and turned into the directory's query without any server.</summary>
public sealed class FinderQueryTests
{
    private static FinderQuery Parse(params (string Name, string Value)[] query) => FinderQuery.Parse(
        name => query.Where(q => q.Name == name).Select(q => q.Value).FirstOrDefault(),
        name => [.. query.Where(q => q.Name == name).Select(q => q.Value)]);

    [Fact]
    public void A_form_with_nothing_filled_in_is_the_start_page()
    {
        var query = Parse(("q", "  "), ("ort", ""));
        Assert.True(query.IsEmpty);
        Assert.True(query.IsValid);
    }

    [Fact]
    public void Text_postcode_and_radius_become_the_search_APIs_parameters()
    {
        var query = Parse(("q", "Ängste"), ("ort", "14467"), ("umkreis", "10"));
        var api = query.ApiQuery(null, 20, facets: true);
        Assert.Contains("q=%C3%84ngste", api);
        Assert.Contains("postcode=14467", api);
        Assert.Contains("radiusKm=10", api);
        Assert.Contains("limit=20", api);
        Assert.False(query.IsEmpty);
    }

    [Fact]
    public void A_postcode_without_a_radius_searches_the_default_radius_sorted_by_distance()
    {
        var api = Parse(("ort", "01097")).ApiQuery(null, 20, facets: true);
        Assert.Contains($"radiusKm={FinderQuery.DefaultRadiusKm}", api);
        Assert.Contains("sort=distance", api);
    }

    [Fact]
    public void A_town_in_words_is_searched_as_text_since_only_postcodes_have_a_place()
    {
        var api = Parse(("q", "Trauer"), ("ort", "Potsdam"), ("umkreis", "10")).ApiQuery(null, 20, facets: true);
        Assert.Contains("q=Trauer%20Potsdam", api);
        Assert.DoesNotContain("postcode", api);
        Assert.DoesNotContain("radiusKm", api);
    }

    [Theory]
    [InlineData("umkreis", "abc")]
    [InlineData("umkreis", "-5")]
    [InlineData("umkreis", "100000")]
    [InlineData("ort", "99999999")]
    [InlineData("ort", "1")]
    [InlineData("q", "a\0b")]
    [InlineData("q", "a\u0007b")]
    [InlineData("zielgruppe", "everyone")]
    [InlineData("form", "<script>")]
    [InlineData("sortierung", "price")]
    [InlineData("tag", "montag")]
    [InlineData("zeit", "nachts")]
    [InlineData("offen", "ja")]
    [InlineData("thema", "Depression; DROP TABLE")]
    [InlineData("stelle", "../../etc")]
    [InlineData("barrierefrei", "teleport")]
    [InlineData("sprache", "deutsch")]
    public void A_value_the_form_cannot_produce_gets_a_message_at_its_field(string field, string value)
    {
        var query = Parse((field, value));
        Assert.False(query.IsValid);
        Assert.True(query.Errors.ContainsKey(field), $"expected an error for {field}");
    }

    [Fact]
    public void A_text_longer_than_the_search_allows_is_refused_not_cut()
    {
        Assert.False(Parse(("q", new string('a', FinderQuery.MaxTextLength + 1))).IsValid);
        Assert.True(Parse(("q", new string('a', FinderQuery.MaxTextLength))).IsValid);
    }

    [Fact]
    public void A_lone_surrogate_from_broken_percent_encoding_is_refused()
    {
        Assert.False(Parse(("q", "a\uD800b")).IsValid);
        Assert.True(Parse(("q", "Sucht 😊")).IsValid);
    }

    [Fact]
    public void The_browsers_location_is_rounded_and_a_typed_place_wins_over_it()
    {
        var near = Parse(("lat", "52.39123"), ("lon", "13.06432"));
        Assert.Contains("lat=52.391", near.ApiQuery(null, 20, true));
        Assert.Contains("lon=13.064", near.ApiQuery(null, 20, true));

        var typed = Parse(("lat", "52.39"), ("lon", "13.06"), ("ort", "01097"));
        Assert.Null(typed.Latitude);
        Assert.Contains("postcode=01097", typed.ApiQuery(null, 20, true));
    }

    [Fact]
    public void Weekdays_and_time_of_day_filter_the_next_meetings_in_local_time()
    {
        var query = Parse(("tag", "di"), ("tag", "do"), ("zeit", "abends"));
        Assert.True(query.FiltersMeetings);
        Assert.Equal([DayOfWeek.Tuesday, DayOfWeek.Thursday], query.Days);
        Assert.True(query.Fits(new DateTime(2026, 12, 15, 19, 0, 0)));   // a Tuesday evening
        Assert.False(query.Fits(new DateTime(2026, 12, 15, 10, 0, 0)));  // a Tuesday morning
        Assert.False(query.Fits(new DateTime(2026, 12, 16, 19, 0, 0)));  // a Wednesday evening
    }

    [Fact]
    public void Filters_and_the_cursor_pass_through_unchanged()
    {
        var api = Parse(("thema", "depression"), ("zielgruppe", "relatives"), ("form", "online"), ("sprache", "tr"),
            ("barrierefrei", "step-free"), ("barrierefrei", "parking"), ("offen", "1"), ("stelle", "sekiz-potsdam"),
            ("sortierung", "name"), ("weiter", "abc=")).ApiQuery("abc=", 20, facets: false);
        foreach (var part in new[] { "topic=depression", "audience=relatives", "setting=online", "language=tr", "accessibility=step-free",
                     "accessibility=parking", "open=true", "office=sekiz-potsdam", "sort=name", "cursor=abc%3D", "facets=false" })
        {
            Assert.Contains(part, api);
        }
    }
}
