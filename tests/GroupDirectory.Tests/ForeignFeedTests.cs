using System.Text;
using System.Text.Json;
using Selbsthilfe.GroupDirectory.Api.Federation;
using Selbsthilfe.GroupDirectory.Api.Listings;
using Selbsthilfe.GroupDirectory.Api.Taxonomy;

namespace GroupDirectory.Tests;

/// <summary>Change feed pages written by others from the HSDS spec (2 and 3), read as the puller reads them.</summary>
public sealed class ForeignFeedTests
{
    private static readonly TopicTaxonomy Taxonomy = TopicTaxonomy.LoadShipped();

    private const string Office = """ "organization":{"id":"kiss-nord","name":"KISS Nord"} """;
    private const string Address = """ "addresses":[{"address_1":"Hafenstraße 3","city":"Hamburg","postal_code":"20359","country":"DE"}] """;

    private static ReadFeedPage Page(params string[] entries) =>
        FeedJson.ReadPage(Encoding.UTF8.GetBytes($$"""{"items":[{{string.Join(",", entries)}}],"next":"1","has_more":false}"""));

    private static FeedItem Entry(string json) => Assert.Single(Page(json).Page.Items);

    private static ListingRequest Request(string json) => FeedMapping.ToRequest(ForeignFeeds.Resolve(Entry(json)), Taxonomy);

    private static string Service(string fields) =>
        $$$"""{"id":"svc-1","version":1,"deleted":false,{{{Office}}},"service":{"id":"svc-1","name":"Gesprächskreis","status":"active",{{{fields}}}},"location":{"name":"Treff",{{{Address}}}}}""";

    [Fact]
    public void Terms_of_HSDS_3_attributes_are_matched_by_name_then_by_code_beside_our_own_taxonomy_terms()
    {
        var request = Request(Service("""
            "taxonomy_terms":[{"id":"tinnitus","term":"Tinnitus","taxonomy":"selbsthilfe-themen"}],
            "attributes":[{"taxonomy_term":{"id":"8a3c-uuid","name":"Dementia"}},
                          {"taxonomy_term":{"id":"77","code":"E11","name":"Stoffwechsel allgemein"}},
                          {"taxonomy_term":{"id":"78","name":"Etwas ganz anderes"}}]
            """));

        Assert.Equal(["tinnitus", "demenz", "diabetes"], request.Topics);
        Assert.Empty(ListingRules.Validate(request, Taxonomy, out _));
    }

    [Theory]
    [InlineData("0331.12 34 56", "0331 12 34 56")]
    [InlineData("+49 (0)331 123456", "+49 (0)331 123456")]
    [InlineData("Tel. 0331 123456", null)]
    [InlineData("0331 123456 (AB: Montag)", null)]
    public void A_phone_written_otherwise_is_tidied_or_left_out_and_never_refuses_the_group(string written, string? kept)
    {
        var request = Request(Service($$"""
            "email":"gruppe@example.org","phones":[{"number":"{{written}}"}],"taxonomy_terms":[{"id":"tinnitus","term":"Tinnitus"}]
            """));

        Assert.Equal(kept, request.Contact!.Phone);
        Assert.Empty(ListingRules.Validate(request, Taxonomy, out _));
    }

    [Fact]
    public void Values_of_the_wrong_JSON_type_are_read_as_meant()
    {
        var read = Page("""
            {"id":42,"version":"2","deleted":"false","last_modified":"2024-05-01 10:00:00",
             "organization":{"id":17,"name":"KISS Nord"},
             "service":{"id":42,"name":"Gesprächskreis Tinnitus","description":"","status":"active","email":"",
               "languages":["deu",{"code":"en"}],"taxonomy_terms":[{"id":"tinnitus","term":"Tinnitus"}]},
             "location":{"name":"Treff","latitude":"52.4","longitude":"13,06","x_exact":"true",
               "addresses":[{"address_1":"Weg 1","city":"Potsdam","postal_code":14467,"country":"DE"}]}}
            """);

        Assert.Empty(read.Unreadable);
        var item = Assert.Single(read.Page.Items);
        Assert.Equal(("42", 2, "17"), (item.Id, item.Version, item.Organization!.Id));
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero), item.LastModified);
        var request = FeedMapping.ToRequest(ForeignFeeds.Resolve(item), Taxonomy);
        Assert.Null(request.Description);
        Assert.Equal(["de", "en"], request.Languages);
        Assert.Equal(new PlaceRequest("public-venue", "Treff", "Weg 1", "14467", "Potsdam", 52.4, 13.06), request.Place);
        Assert.Equal("office", request.Contact!.Kind);
        Assert.Empty(ListingRules.Validate(request, Taxonomy, out _));
    }

    [Fact]
    public void An_entry_that_cannot_be_read_is_left_out_alone_with_its_reason()
    {
        var read = Page(
            Service("\"email\":\"a@example.org\""),
            $$$"""{"id":"b","version":1,"deleted":false,{{{Office}}},"service":{"id":"b","name":"B","status":"active"},"location":{"latitude":"Norden"}}""",
            "42",
            """{"id":"d","version":1,"deleted":false}""",
            """{"id":"e","version":1,"deleted":true}""");

        Assert.Equal(["svc-1", "e"], read.Page.Items.Select(i => i.Id));
        Assert.Equal(3, read.Unreadable.Count);
        Assert.Contains("$.location.latitude", read.Unreadable[0], StringComparison.Ordinal);
        Assert.Contains("position 2", read.Unreadable[1], StringComparison.Ordinal);
        Assert.Contains("service", read.Unreadable[2], StringComparison.Ordinal);
        Assert.DoesNotContain("Norden", string.Join(" ", read.Unreadable), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"items":{"id":"x"},"next":"9","has_more":false}""")]
    [InlineData("""{"items":[],"has_more":false}""")]
    [InlineData("<html>Wartungsarbeiten</html>")]
    [InlineData("[]")]
    public void A_page_that_is_no_feed_page_is_refused_whole(string body)
    {
        Assert.Throws<JsonException>(() => FeedJson.ReadPage(Encoding.UTF8.GetBytes(body)));
    }

    [Theory]
    [InlineData("de", "de")]
    [InlineData("deu", "de")]
    [InlineData("ger", "de")]
    [InlineData("de-DE", "de")]
    [InlineData("de_AT", "de")]
    [InlineData("eng", "en")]
    [InlineData("tur", "tr")]
    [InlineData("ara", "ar")]
    [InlineData("rus", "ru")]
    [InlineData("pol", "pl")]
    [InlineData("ukr", "uk")]
    [InlineData("fre", "fr")]
    [InlineData("fra", "fr")]
    [InlineData("German", "de")]
    [InlineData("Deutsch", "de")]
    [InlineData("Türkisch", "tr")]
    [InlineData("xx", null)]
    [InlineData("klingonisch", null)]
    public void Languages_are_read_as_ISO_639_1_from_three_letter_codes_region_tags_and_names(string given, string? expected)
    {
        Assert.Equal(expected, LanguageCodes.Find(given));
    }

    [Fact]
    public void Unknown_languages_are_dropped_and_with_none_left_the_group_speaks_German()
    {
        Assert.Equal(["en"], Request(Service("""
            "languages":[{"code":"qqq"},{"name":"English"},"ENG"]
            """)).Languages);
        Assert.Equal(["de"], Request(Service("""
            "languages":[{"code":"tlh"},{"name":"Klingon"}]
            """)).Languages);
    }

    [Theory]
    [InlineData("inactive")]
    [InlineData("defunct")]
    [InlineData("temporarily closed")]
    [InlineData("Temporarily Closed")]
    public void A_service_that_is_not_active_is_a_withdrawal(string status)
    {
        var entry = Entry(Service("\"email\":\"a@example.org\"").Replace("\"active\"", $"\"{status}\"", StringComparison.Ordinal));

        Assert.True(ForeignFeeds.Resolve(entry).Deleted);
    }

    [Fact]
    public void An_active_service_is_no_withdrawal()
    {
        Assert.False(ForeignFeeds.Resolve(Entry(Service("\"email\":\"a@example.org\"").Replace("\"active\"", "\" Active\"", StringComparison.Ordinal))).Deleted);
    }

    [Fact]
    public void The_office_place_and_phone_nested_the_HSDS_3_way_are_found_and_the_physical_address_is_taken()
    {
        var item = ForeignFeeds.Resolve(Entry("""
            {"id":"svc-9","version":1,"deleted":false,
             "service":{"id":"svc-9","name":"Angehörigengruppe Demenz","status":"active","organization_id":"org_12",
               "email":"gruppe@example.org","phones":[{"number":"0331 123456"}],
               "attributes":[{"taxonomy_term":{"name":"Demenz"}}],
               "service_at_locations":[{"location":{"name":"Bürgerhaus","location_type":"physical","latitude":52.39,"longitude":13.06,
                 "addresses":[{"address_1":"Postfach 12","city":"Potsdam","postal_code":"14401","address_type":"postal"},
                              {"address_1":"Lindenstraße 5","city":"Potsdam","postal_code":"14467","address_type":"physical"}]}}]}}
            """));

        Assert.Equal(new FeedOrganization("org-12", "org_12"), item.Organization);
        var request = FeedMapping.ToRequest(item, Taxonomy);
        Assert.Equal(new PlaceRequest("public-venue", "Bürgerhaus", "Lindenstraße 5", "14467", "Potsdam", 52.39, 13.06), request.Place);
        Assert.Equal(new ContactRequest("group-mailbox", "gruppe@example.org", "0331 123456"), request.Contact);
        Assert.Empty(ListingRules.Validate(request, Taxonomy, out _));

        var nested = ForeignFeeds.Resolve(Entry(Service("\"email\":\"a@example.org\"")
            .Replace(Office + ",", "", StringComparison.Ordinal)
            .Replace("\"status\":\"active\",", "\"status\":\"active\",\"organization\":{\"id\":\"3F2504E0-4F89-11D3\",\"name\":\"KISS Süd\"},", StringComparison.Ordinal)));
        Assert.Equal(new FeedOrganization("3f2504e0-4f89-11d3", "KISS Süd"), nested.Organization);
    }

    [Theory]
    [InlineData("1067", null, "01067")]
    [InlineData("1067", "DE", "01067")]
    [InlineData("1010", "AT", "1010")]
    [InlineData(" 14467 ", null, "14467")]
    public void A_postcode_that_lost_its_leading_zero_gets_it_back_unless_the_address_is_abroad(string given, string? country, string expected)
    {
        Assert.Equal(expected, ForeignFeeds.Postcode(new FeedAddress("Weg 1", "Dresden", given, country, "physical")));
    }

    [Theory]
    [InlineData("kiss-nord", "kiss-nord")]
    [InlineData("org_12", "org-12")]
    [InlineData("3F2504E0-4F89-11D3-9A0C-0305E82C3301", "3f2504e0-4f89-11d3-9a0c-0305e82c3301")]
    [InlineData("KISS München", "kiss-muenchen")]
    [InlineData("--A__B--", "a-b")]
    [InlineData("___", null)]
    public void Office_ids_that_are_not_our_slugs_are_made_into_one_the_same_way_every_time(string id, string? slug)
    {
        Assert.Equal(slug, ForeignFeeds.OfficeSlug(id));
    }

    [Fact]
    public void Our_own_feed_entries_pass_through_unchanged()
    {
        var entry = Entry(Service("\"email\":\"a@example.org\""));

        Assert.Same(entry, ForeignFeeds.Resolve(entry));
    }
}
