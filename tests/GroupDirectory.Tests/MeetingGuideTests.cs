using System.Text;
using System.Text.Json;
using Selbsthilfe.GroupDirectory.Api.Federation;
using Selbsthilfe.GroupDirectory.Api.Listings;
using Selbsthilfe.GroupDirectory.Api.Taxonomy;

namespace GroupDirectory.Tests;

public sealed class MeetingGuideTests
{
    private static readonly TopicTaxonomy Taxonomy = TopicTaxonomy.LoadShipped();
    private static readonly DateTimeOffset Confirmed = new(2025, 3, 4, 10, 11, 12, TimeSpan.FromHours(1));
    private static readonly MeetingGuideDefaults Defaults = new(["depression"]);
    private const string Office = "kiss-potsdam";

    private static ListingView View(ListingRequest request, Viewer? viewer = null, string status = ListingStatus.Published)
    {
        Assert.Empty(ListingRules.Validate(request, Taxonomy, out var content));
        var listing = new Listing(Guid.NewGuid(), Office, "KISS Potsdam", status, 1, content!, Confirmed, Confirmed, Confirmed, Confirmed);
        return ListingProjection.Project(listing, viewer ?? Viewer.Anonymous, Taxonomy, Confirmed)!;
    }

    private static string Json(params MeetingGuideMeeting[] meetings) => JsonSerializer.Serialize(meetings, MeetingGuide.JsonOptions);

    private static MeetingGuideParseResult Parse(string json) => MeetingGuide.Parse(new MemoryStream(Encoding.UTF8.GetBytes(json)), Defaults);

    [Theory]
    [InlineData("in-person")]
    [InlineData("online")]
    [InlineData("hybrid")]
    public void A_listing_written_as_a_meeting_reads_back_with_its_name_place_and_setting(string setting)
    {
        var request = TestListings.InPotsdam("Gesprächskreis Depression") with { Setting = setting };
        var view = View(request);

        var imported = Assert.Single(Parse(Json(MeetingGuide.From(view, "https://selbsthilfe.example"))).Meetings);

        Assert.Empty(imported.Errors);
        Assert.Equal(view.Id.ToString(), imported.Slug);
        Assert.Equal(request.Name, imported.Request.Name);
        Assert.Equal(request.Description, imported.Request.Description);
        Assert.Equal(setting, imported.Request.Setting);
        Assert.Equal(request.Place, imported.Request.Place);
        Assert.Empty(ListingRules.Validate(imported.Request, Taxonomy, out _));
    }

    [Fact]
    public void A_meeting_carries_link_update_time_zone_and_office()
    {
        var view = View(TestListings.InPotsdam("Gesprächskreis"));

        var meeting = MeetingGuide.From(view, "https://selbsthilfe.example/");

        Assert.Equal($"https://selbsthilfe.example/listings/{view.Id}", meeting.Url);
        Assert.Equal("2025-03-04 09:11:12", meeting.Updated);
        Assert.Equal("Europe/Berlin", meeting.Timezone);
        Assert.Equal("in_person", meeting.AttendanceOption);
        Assert.Equal("KISS Potsdam", meeting.Entity);
        Assert.Equal("DE", meeting.Country);
        Assert.Equal("no", meeting.Approximate);
    }

    [Fact]
    public void Written_json_uses_the_spec_names_and_leaves_out_day_time_and_absent_fields()
    {
        var json = JsonDocument.Parse(Json(MeetingGuide.From(View(TestListings.InPotsdam("Kreis")), "https://x.example"))).RootElement[0];

        var names = json.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("postal_code", names);
        Assert.Contains("attendance_option", names);
        Assert.DoesNotContain("day", names);
        Assert.DoesNotContain("time", names);
        Assert.DoesNotContain("contact_1_email", names);
        Assert.All(json.EnumerateObject(), p => Assert.NotEqual(JsonValueKind.Null, p.Value.ValueKind));
    }

    [Fact]
    public void Fields_hidden_from_the_viewer_never_appear()
    {
        var request = TestListings.InPotsdam("Kreis") with
        {
            Contact = new ContactRequest("group-mailbox", "kreis@example.org", "0331 123456"),
            FieldVisibility = new FieldVisibilityRequest("office-network", "office-only", "office-network"),
        };
        var view = View(request);
        Assert.Null(view.Place!.Street);

        var json = Json(MeetingGuide.From(view, "https://x.example"));

        var names = JsonDocument.Parse(json).RootElement[0].EnumerateObject().Select(p => p.Name).ToList();
        Assert.Empty(names.Intersect(["address", "location", "latitude", "longitude", "notes", "contact_1_email", "contact_1_phone", "entity_phone"]));
        Assert.DoesNotContain("Lindenstra", json, StringComparison.Ordinal);
        Assert.DoesNotContain("kreis@example.org", json, StringComparison.Ordinal);
        Assert.Contains("\"postal_code\":\"14467\"", json, StringComparison.Ordinal);
        Assert.Contains("\"approximate\":\"yes\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_private_home_stays_approximate_even_for_its_own_office()
    {
        var request = TestListings.InPotsdam("Kreis") with
        {
            Place = new PlaceRequest("private-home", "Bei Familie M.", "Gartenweg 3", "14467", "Potsdam", 52.4, 13.06),
        };
        var ownOffice = new Viewer(1, Office);

        var meeting = MeetingGuide.From(View(request, ownOffice), "https://x.example");

        Assert.Null(meeting.Address);
        Assert.Null(meeting.Location);
        Assert.Null(meeting.Latitude);
        Assert.Equal("yes", meeting.Approximate);
    }

    [Fact]
    public void A_visible_group_mailbox_is_the_meeting_contact()
    {
        var view = View(TestListings.InPotsdam("Kreis") with { Contact = new ContactRequest("group-mailbox", "kreis@example.org", "0331 123456") });

        var meeting = MeetingGuide.From(view, "https://x.example");

        Assert.Equal("kreis@example.org", meeting.Contact1Email);
        Assert.Equal("0331 123456", meeting.Contact1Phone);
    }

    [Fact]
    public void A_listing_not_published_is_written_as_inactive()
    {
        var draft = View(TestListings.InPotsdam("Kreis"), new Viewer(1, Office), ListingStatus.Draft);

        Assert.Equal("inactive", MeetingGuide.From(draft, "https://x.example").AttendanceOption);
    }

    [Fact]
    public void A_feed_in_the_shape_of_the_spec_is_read()
    {
        const string feed = """
            [
              {
                "name": "Montagsrunde",
                "slug": "montagsrunde-1",
                "day": [1, 4],
                "time": "19:00",
                "end_time": "20:30",
                "timezone": "Europe/Berlin",
                "location": "Gemeindehaus St. Nikolai",
                "location_notes": "Eingang über den Hof",
                "notes": "Neue sind jederzeit willkommen.",
                "types": ["O", "X", "DE"],
                "address": "Kirchplatz 4",
                "postal_code": "10178",
                "city": "Berlin",
                "country": "DE",
                "latitude": "52.51703",
                "longitude": "13.40665",
                "updated": "2024-11-02 08:15:00",
                "entity": "Intergruppe Berlin",
                "some_future_field": {"nested": true}
              },
              {
                "name": "Online-Abendrunde",
                "slug": 2,
                "day": 3,
                "time": "20:00",
                "conference_url": "https://meet.example/abendrunde",
                "formatted_address": "Berlin, Deutschland",
                "approximate": "yes",
                "types": ["EN", "DE"]
              },
              {
                "name": "Samstagsfrühstück",
                "slug": "fruehstueck",
                "attendance_option": "hybrid",
                "conference_phone": "+49 30 1234567",
                "formatted_address": "Hauptstraße 7, 14467 Potsdam, Deutschland",
                "latitude": 52.39,
                "longitude": 13.06,
              }
            ]
            """;

        var result = Parse(feed);

        Assert.Empty(result.Errors);
        Assert.All(result.Meetings, m => Assert.Empty(m.Errors));
        Assert.All(result.Meetings, m => Assert.Empty(ListingRules.Validate(m.Request, Taxonomy, out _)));
        var (monday, online, breakfast) = (result.Meetings[0].Request, result.Meetings[1].Request, result.Meetings[2].Request);
        Assert.Equal(["montagsrunde-1", "2", "fruehstueck"], result.Meetings.Select(m => m.Slug));
        Assert.Equal(new PlaceRequest("public-venue", "Gemeindehaus St. Nikolai", "Kirchplatz 4", "10178", "Berlin", 52.51703, 13.40665), monday.Place);
        Assert.Equal("in-person", monday.Setting);
        Assert.Equal("Neue sind jederzeit willkommen.", monday.Description);
        Assert.Equal(["wheelchair-accessible"], monday.Accessibility);
        Assert.Equal(["de"], monday.Languages);
        Assert.Equal(["depression"], monday.Topics);
        Assert.Equal("office", monday.Contact!.Kind);
        Assert.Equal("online", online.Setting);
        Assert.Null(online.Place);
        Assert.Equal(["en", "de"], online.Languages);
        Assert.Equal("hybrid", breakfast.Setting);
        Assert.Equal(new PlaceRequest("public-venue", null, "Hauptstraße 7", "14467", "Potsdam", 52.39, 13.06), breakfast.Place);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[{\"name\": \"Kreis\", ")]
    [InlineData("{\"name\": \"Kreis\", \"slug\": \"k\"}")]
    [InlineData("\"meetings\"")]
    [InlineData("nul")]
    public void A_feed_that_is_not_a_JSON_array_is_an_error_not_an_exception(string json)
    {
        var result = Parse(json);

        Assert.Empty(result.Meetings);
        Assert.Single(result.Errors);
    }

    [Fact]
    public void A_feed_that_is_not_UTF_8_is_an_error_not_an_exception()
    {
        var latin1 = Encoding.Latin1.GetBytes("[{\"name\": \"Frühstück\", \"slug\": \"f\"}]");

        Assert.Single(MeetingGuide.Parse(latin1, Defaults).Errors);
    }

    [Fact]
    public void Problems_of_single_meetings_are_reported_on_them()
    {
        const string feed = """
            [
              {"name": "Ohne Schlüssel"},
              {"name": "Eins", "slug": "a", "postal_code": "14467", "city": "Potsdam", "latitude": "Norden", "longitude": 13},
              {"name": "Zwei", "slug": "a", "postal_code": "14467", "city": "Potsdam"},
              {"name": "Ruht", "slug": "r", "attendance_option": "inactive"},
              42
            ]
            """;

        var meetings = Parse(feed).Meetings;

        Assert.Contains("slug", Assert.Single(meetings[0].Errors), StringComparison.Ordinal);
        Assert.Contains("latitude", Assert.Single(meetings[1].Errors), StringComparison.Ordinal);
        Assert.Contains("Treffen 1", Assert.Single(meetings[2].Errors), StringComparison.Ordinal);
        Assert.True(meetings[3] is { Inactive: true, Errors.Count: 0 }); // not taking place is no problem of the feed
        Assert.Single(meetings[4].Errors);
    }
    private static MeetingGuideImport One(string meeting) => Assert.Single(Parse($"[{meeting}]").Meetings);

    [Theory]
    [InlineData("Hauptstr. 7, D-14467 Potsdam", "Hauptstr. 7", "14467", "Potsdam")]
    [InlineData("Hauptstraße 7, Potsdam, 14467, DE", "Hauptstraße 7", "14467", "Potsdam")]
    [InlineData("Hauptstraße 7, 14467, Potsdam", "Hauptstraße 7", "14467", "Potsdam")]
    [InlineData("Lindenstraße 12, 14467 Potsdam, Deutschland", "Lindenstraße 12", "14467", "Potsdam")]
    [InlineData("Gemeindehaus, Kirchplatz 4, 10178 Berlin, Germany", "Kirchplatz 4", "10178", "Berlin")]
    public void A_formatted_address_is_split_whatever_order_its_parts_come_in(string formatted, string street, string postcode, string city)
    {
        var meeting = One($$"""{"name":"Kreis","slug":"k","formatted_address":"{{formatted}}"}""");

        Assert.Empty(meeting.Errors);
        Assert.Equal(new PlaceRequest("public-venue", null, street, postcode, city, null, null), meeting.Request.Place);
        Assert.Empty(ListingRules.Validate(meeting.Request, Taxonomy, out _));
    }

    [Fact]
    public void A_street_given_alone_is_completed_from_the_formatted_address()
    {
        var meeting = One("""{"name":"Kreis","slug":"k","address":"Hauptstraße 7","formatted_address":"Hauptstraße 7, 14467 Potsdam, Deutschland"}""");

        Assert.Empty(meeting.Errors);
        Assert.Equal(new PlaceRequest("public-venue", null, "Hauptstraße 7", "14467", "Potsdam", null, null), meeting.Request.Place);
    }

    [Theory]
    [InlineData("""{"name":"Chicago","slug":"c","formatted_address":"4953 W Addison St, Chicago, IL 60641, USA"}""")]
    [InlineData("""{"name":"Chicago","slug":"c","formatted_address":"4953 W Addison St, Chicago, IL, 60641, USA"}""")]
    [InlineData("""{"name":"Chicago","slug":"c","address":"4953 W Addison St","city":"Chicago","postal_code":"60641","country":"US"}""")]
    public void An_address_outside_Germany_is_refused_with_its_reason(string json)
    {
        var meeting = One(json);

        Assert.Contains(meeting.Errors, e => e.Contains("Deutschland", StringComparison.Ordinal) || e.Contains("German", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("in_person", "in-person")]
    [InlineData(" In Person ", "in-person")]
    [InlineData("in-person", "in-person")]
    [InlineData("HYBRID", "hybrid")]
    [InlineData("Online", "online")]
    [InlineData("sometimes", "hybrid")]
    public void Attendance_options_are_read_in_any_spelling_and_an_unknown_one_is_inferred(string option, string setting)
    {
        var meeting = One($$"""
            {"name":"Kreis","slug":"k","attendance_option":"{{option}}","conference_url":"https://meet.example/k",
             "address":"Kirchplatz 4","postal_code":"10178","city":"Berlin"}
            """);

        Assert.Empty(meeting.Errors);
        Assert.Equal(setting, meeting.Request.Setting);
    }

    [Fact]
    public void Types_may_be_one_string_and_ONL_means_online()
    {
        var listed = One("""{"name":"Kreis","slug":"k","types":"O, X, EN","address":"Kirchplatz 4","postal_code":"10178","city":"Berlin"}""").Request;
        Assert.Equal(["wheelchair-accessible"], listed.Accessibility);
        Assert.Equal(["en"], listed.Languages);
        Assert.Equal("in-person", listed.Setting);

        Assert.Equal("online", One("""{"name":"Kreis","slug":"k","types":["ONL"]}""").Request.Setting);
        Assert.Equal("hybrid", One("""{"name":"Kreis","slug":"k","types":"ONL","address":"Kirchplatz 4","postal_code":"10178","city":"Berlin"}""").Request.Setting);
    }

    [Fact]
    public void A_temporarily_closed_location_TC_leaves_a_meeting_online_where_it_can_be_joined_online()
    {
        var online = One("""
            {"name":"Kreis","slug":"k","types":["O","TC"],"conference_url":"https://meet.example/k","location":"Gemeindehaus",
             "address":"Kirchplatz 4","postal_code":"10178","city":"Berlin","latitude":52.52,"longitude":13.41}
            """);
        Assert.Empty(online.Errors);
        Assert.Equal("online", online.Request.Setting);
        Assert.Equal(new PlaceRequest("public-venue", null, null, "10178", "Berlin", null, null), online.Request.Place);
        Assert.Empty(ListingRules.Validate(online.Request, Taxonomy, out _));

        Assert.Equal("online", One("""{"name":"Kreis","slug":"k","types":"TC","attendance_option":"online","conference_phone":"+49301234"}""").Request.Setting);
        Assert.Equal("online", One("""{"name":"Kreis","slug":"k","types":"TC,ONL","formatted_address":"Kirchplatz 4, 10178 Berlin"}""").Request.Setting);

        var closed = One("""{"name":"Kreis","slug":"k","types":"O,TC","address":"Kirchplatz 4","postal_code":"10178","city":"Berlin"}""");
        Assert.True(closed is { Inactive: true, Errors.Count: 0 });
        Assert.False(One("""{"name":"Kreis","slug":"k","types":"O","address":"Kirchplatz 4","postal_code":"10178","city":"Berlin"}""").Inactive);
    }

    [Fact]
    public void HTML_in_name_notes_and_place_becomes_plain_text()
    {
        var request = One("""
            {"name":"Frauen &amp; M&auml;nner <b>gemeinsam</b>","slug":"k",
             "notes":"Erste Zeile<br>Zweite <a href=\"https://x.example\">Zeile</a><br /><br/><br>Dritte &lt;Zeile&gt;",
             "location":"Gemeindehaus &quot;St. Martin&quot;","address":"Kirchplatz 4","postal_code":"10178","city":"Berlin"}
            """).Request;

        Assert.Equal("Frauen & Männer gemeinsam", request.Name);
        Assert.Equal("Erste Zeile\nZweite Zeile\n\nDritte <Zeile>", request.Description);
        Assert.Equal("Gemeindehaus \"St. Martin\"", request.Place!.Venue);
    }

    [Fact]
    public void A_wrapped_list_a_numeric_postcode_and_placeholder_or_lone_coordinates_are_read()
    {
        var meetings = Parse("""
            {"meetings":[
              {"name":"Dresden","slug":"d","address":"Altmarkt 1","postal_code":1067,"city":"Dresden","latitude":0,"longitude":0},
              {"name":"Halb","slug":"h","address":"Altmarkt 1","postal_code":"01067","city":"Dresden","latitude":"51.05"}]}
            """).Meetings;

        Assert.All(meetings, m => Assert.Empty(m.Errors));
        Assert.Equal(new PlaceRequest("public-venue", null, "Altmarkt 1", "01067", "Dresden", null, null), meetings[0].Request.Place);
        Assert.Equal(new PlaceRequest("public-venue", null, "Altmarkt 1", "01067", "Dresden", null, null), meetings[1].Request.Place);
        Assert.All(meetings, m => Assert.Empty(ListingRules.Validate(m.Request, Taxonomy, out _)));
    }

    [Fact]
    public void Languages_and_accessibility_survive_the_round_trip_and_a_mailbox_becomes_the_way_through_the_office()
    {
        var request = TestListings.InPotsdam("Kreis") with
        {
            Languages = ["de", "en"],
            Accessibility = ["wheelchair-accessible", "accessible-toilet"],
            Contact = new ContactRequest("group-mailbox", "kreis@example.org", "0331 123456"),
        };
        var meeting = MeetingGuide.From(View(request), "https://x.example");
        Assert.Equal(["DE", "EN", "X", "XB"], meeting.Types);

        var imported = Assert.Single(Parse(Json(meeting)).Meetings).Request;

        Assert.Equal(request.Languages, imported.Languages);
        Assert.Equal(request.Accessibility, imported.Accessibility);
        // Written as contact_1, which the spec defines as a contact person: no reader can tell a group's mailbox from it.
        Assert.Equal(new ContactRequest("office", null, null), imported.Contact);
    }

    [Theory]
    [InlineData("""
        "contact_1_name":"Erika M.","contact_1_email":"erika@example.org","contact_1_phone":"030 1234"
        """)]
    [InlineData("""
        "contact_1_email":"erika.m@example.org","contact_1_phone":"030 1234","contact_2_email":"kreis@example.org"
        """)]
    public void A_meeting_contact_is_a_person_named_or_not_and_is_not_taken(string contact)
    {
        var meeting = One($$"""{"name":"Kreis","slug":"k","address":"Kirchplatz 4","postal_code":"10178","city":"Berlin",{{contact}}}""");

        Assert.Empty(meeting.Errors);
        Assert.Equal(new ContactRequest("office", null, null), meeting.Request.Contact);
    }

    [Fact]
    public void A_place_shown_only_as_its_area_carries_that_area_as_formatted_address()
    {
        var request = TestListings.InPotsdam("Kreis") with
        {
            Place = new PlaceRequest("private-home", "Bei Familie M.", "Gartenweg 3", "14467", "Potsdam", 52.4, 13.06),
        };

        var meeting = MeetingGuide.From(View(request), "https://x.example");

        Assert.Equal("14467 Potsdam, Deutschland", meeting.FormattedAddress);
        Assert.Equal("yes", meeting.Approximate);
        Assert.Null(MeetingGuide.From(View(TestListings.InPotsdam("Kreis")), "https://x.example").FormattedAddress);
    }
}
