using System.Text;
using System.Text.Json;
using Selbsthilfe.GroupDirectory.Api.Federation;
using Selbsthilfe.GroupDirectory.Api.Listings;
using Selbsthilfe.GroupDirectory.Api.Taxonomy;

namespace GroupDirectory.Tests;

public sealed class CsvListingsTests
{
    private static readonly TopicTaxonomy Taxonomy = TopicTaxonomy.LoadShipped();

    private const string Header =
        "Kennung;Name;Beschreibung;Themen;Zielgruppe;Sprachen;Form;Ort-Art;Treffpunkt;Straße;PLZ;Ort;Breitengrad;Längengrad;"
        + "Barrierefreiheit;Offen;Kontakt-Art;Kontakt-E-Mail;Kontakt-Telefon;Sichtbarkeit";

    private static string Row(string id, string name = "Gesprächskreis Depression", string topics = "Depression") =>
        $"{id};{name};Wir treffen uns alle zwei Wochen.;{topics};Betroffene;de,en;Präsenz;öffentlich;Nachbarschaftshaus;Lindenstraße 12;"
        + "14467;Potsdam;52,3989;13,0657;rollstuhlgerecht|ÖPNV;offen;Kontaktstelle;;;öffentlich";

    private static CsvParseResult Parse(string text, bool bom = false) =>
        CsvListings.Parse((bom ? [0xEF, 0xBB, 0xBF] : Array.Empty<byte>()).Concat(Encoding.UTF8.GetBytes(text)).ToArray(), Taxonomy);

    [Fact]
    public void A_file_with_and_without_byte_order_mark_gives_the_same_rows()
    {
        var text = Header + "\r\n" + Row("A-1") + "\r\n" + Row("A-2") + "\r\n";

        var withBom = Parse(text, bom: true);
        var without = Parse(text);

        Assert.Empty(withBom.Errors);
        Assert.Empty(withBom.Warnings);
        Assert.Equal(["A-1", "A-2"], withBom.Rows.Select(r => r.ExternalId));
        Assert.Equal(without.Rows.Select(r => (r.Line, r.ExternalId, r.Request.Name, r.Request.Audience)),
            withBom.Rows.Select(r => (r.Line, r.ExternalId, r.Request.Name, r.Request.Audience)));
    }

    [Fact]
    public void Languages_may_be_German_or_English_names_ISO_639_codes_or_region_tags()
    {
        var result = Parse(Header + "\n" + Row("A-1").Replace(";de,en;", ";Türkisch,deu,en-GB,Farsi;") + "\n");

        var (errors, content) = CsvListings.Validate(result.Rows.Single(), Taxonomy);

        Assert.Empty(errors);
        Assert.Equal(["tr", "de", "en", "fa"], content!.Languages);
    }

    [Fact]
    public void A_quoted_field_keeps_its_semicolon_line_break_and_doubled_quotes()
    {
        var text = "Kennung;Name;Beschreibung\n"
            + "A-1;Kreis;\"Erster Absatz; mit Semikolon\nZweiter \"\"Absatz\"\"\"\n"
            + "A-2;Zweiter Kreis;kurz\n";

        var result = Parse(text);

        Assert.Equal("Erster Absatz; mit Semikolon\nZweiter \"Absatz\"", result.Rows[0].Request.Description);
        Assert.Equal([2, 4], result.Rows.Select(r => r.Line));
    }

    [Fact]
    public void German_words_map_to_the_listing_codes_and_the_row_is_valid()
    {
        var result = Parse(Header + "\n" + Row("A-1") + "\n");

        var (errors, content) = CsvListings.Validate(result.Rows.Single(), Taxonomy);

        Assert.Empty(errors);
        Assert.NotNull(content);
        Assert.Equal(["depression"], content.Topics);
        Assert.Equal("affected", content.Audience);
        Assert.Equal(["de", "en"], content.Languages);
        Assert.Equal("in-person", content.Setting);
        Assert.Equal("public-venue", content.Place!.Kind);
        Assert.Equal(["wheelchair-accessible", "public-transport"], content.Accessibility);
        Assert.Equal("open", content.Openness);
        Assert.Equal("office", content.Contact.Kind);
        Assert.Equal("public", content.Visibility);
    }

    [Theory]
    [InlineData("Angehörige", "relatives")]
    [InlineData("beide", "both")]
    [InlineData("ANGEHOERIGE", "relatives")]
    [InlineData("relatives", "relatives")]
    public void Audience_accepts_German_words_in_any_spelling_and_the_English_codes(string word, string code)
    {
        var result = Parse($"Kennung;Name;Zielgruppe\nA-1;Kreis;{word}\n");

        Assert.Equal(code, result.Rows.Single().Request.Audience);
    }

    [Theory]
    [InlineData("Warteliste", "waiting-list")]
    [InlineData("ja", "open")]
    [InlineData("nein", "closed")]
    public void Openness_accepts_the_words_offices_use(string word, string code)
    {
        Assert.Equal(code, Parse($"Kennung;Name;Offen\nA-1;Kreis;{word}\n").Rows.Single().Request.Openness);
    }

    [Fact]
    public void Visibility_columns_map_German_levels()
    {
        var result = Parse("Kennung;Name;Sichtbarkeit;Sichtbarkeit-Adresse;Sichtbarkeit-Kontakt\nA-1;Kreis;Netzwerk;nur Kontaktstelle;öffentlich\n");

        var request = result.Rows.Single().Request;
        Assert.Equal("office-network", request.Visibility);
        Assert.Equal(new FieldVisibilityRequest(null, "office-only", "public"), request.FieldVisibility);
    }

    [Fact]
    public void Coordinates_take_a_decimal_comma_or_point()
    {
        var result = Parse("Kennung;Name;PLZ;Ort;Breitengrad;Längengrad\nA-1;Kreis;14467;Potsdam;52,3989;13.0657\n");

        var place = result.Rows.Single().Request.Place!;
        Assert.Equal(52.3989, place.Latitude);
        Assert.Equal(13.0657, place.Longitude);
        Assert.Empty(result.Rows.Single().Errors);
    }

    [Fact]
    public void A_coordinate_that_is_no_number_is_a_row_error_naming_the_column()
    {
        var row = Parse("Kennung;Name;PLZ;Ort;Breitengrad;Längengrad\nA-1;Kreis;14467;Potsdam;52,39,89;13\n").Rows.Single();

        Assert.StartsWith("[Breitengrad] Keine Zahl: „52,39,89“.", Assert.Single(row.Errors), StringComparison.Ordinal);
        Assert.DoesNotContain(CsvListings.Validate(row, Taxonomy).Errors, e => e.StartsWith("[Breitengrad, Längengrad]", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_topic_is_reported_on_its_row_with_its_line_while_the_other_rows_stay_valid()
    {
        var text = Header + "\n" + Row("A-1") + "\n\n" + Row("A-2", topics: "Depression|Quarkmangelsyndrom") + "\n" + Row("A-3", topics: "F32") + "\n";

        var result = Parse(text);

        Assert.Empty(result.Errors);
        var bad = result.Rows.Single(r => r.ExternalId == "A-2");
        Assert.Equal(4, bad.Line);
        Assert.Contains("Quarkmangelsyndrom", Assert.Single(bad.Errors), StringComparison.Ordinal);
        Assert.Null(CsvListings.Validate(bad, Taxonomy).Content);
        Assert.All(result.Rows.Where(r => r != bad), r => Assert.NotNull(CsvListings.Validate(r, Taxonomy).Content));
    }

    [Fact]
    public void Topics_are_found_by_code_name_synonym_or_ICD_code()
    {
        var row = Parse("Kennung;Name;Themen\nA-1;Kreis;diabetes, Zuckerkrankheit | Multiple Sklerose, G35\n").Rows.Single();

        Assert.Empty(row.Errors);
        Assert.Equal(["diabetes", "multiple-sklerose"], row.Request.Topics);
    }

    [Fact]
    public void Rule_errors_name_the_column_to_fix_and_an_unmapped_value_is_not_reported_twice()
    {
        var row = Parse(Header + "\n" + Row("A-1").Replace(";14467;", ";144;", StringComparison.Ordinal).Replace(";Betroffene;", ";Kinder;", StringComparison.Ordinal) + "\n").Rows.Single();

        var (errors, content) = CsvListings.Validate(row, Taxonomy);

        Assert.Null(content);
        Assert.Equal(2, errors.Count);
        Assert.Single(errors, e => e.StartsWith("[Zielgruppe] Unbekannter Wert „Kinder“", StringComparison.Ordinal));
        Assert.Single(errors, e => e.StartsWith("[PLZ] Postleitzahl", StringComparison.Ordinal));
    }

    [Fact]
    public void A_postcode_a_spreadsheet_stored_as_a_number_gets_its_leading_zero_back()
    {
        Assert.Equal("01067", Parse("Kennung;Name;PLZ;Ort\nA-1;Kreis;1067;Dresden\n").Rows.Single().Request.Place!.Postcode);
    }

    [Fact]
    public void A_file_without_the_Kennung_column_is_a_file_error()
    {
        var result = Parse("Name;Themen\nKreis;Depression\n");

        Assert.Empty(result.Rows);
        Assert.Contains("Kennung", Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void A_repeated_Kennung_is_an_error_on_the_later_rows_only()
    {
        var result = Parse("Kennung;Name\nA-1;Eins\nA-2;Zwei\nA-1;Drei\n");

        Assert.Empty(result.Rows[0].Errors);
        Assert.Empty(result.Rows[1].Errors);
        Assert.Contains("Zeile 2", Assert.Single(result.Rows[2].Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_without_Kennung_is_a_row_error()
    {
        var row = Parse("Kennung;Name\n;Eins\n").Rows.Single();

        Assert.Equal("", row.ExternalId);
        Assert.StartsWith("[Kennung]", Assert.Single(row.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void A_comma_delimited_file_with_English_headers_is_read_too()
    {
        var text = "external_id,name,topics,latitude,longitude,postcode,city\r\nA-1,\"Kreis, offen\",\"Depression, Angst\",\"52,3989\",13.0657,14467,Potsdam\r\n";

        var row = Parse(text).Rows.Single();

        Assert.Equal("Kreis, offen", row.Request.Name);
        Assert.Equal(2, row.Request.Topics!.Count);
        Assert.Equal(52.3989, row.Request.Place!.Latitude);
        Assert.Empty(row.Errors);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\uFEFF")]
    [InlineData("\r\n\r\n  \n")]
    public void An_empty_file_is_a_file_error(string text)
    {
        var result = Parse(text);

        Assert.Empty(result.Rows);
        Assert.Contains("leer", Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_columns_are_ignored_with_a_warning_and_blank_or_empty_rows_are_skipped()
    {
        var result = Parse("Kennung;Name;Lieblingsfarbe\n\nA-1;Kreis;blau\n;;\n");

        Assert.Empty(result.Errors);
        Assert.Contains("Lieblingsfarbe", Assert.Single(result.Warnings), StringComparison.Ordinal);
        Assert.Equal(3, Assert.Single(result.Rows).Line);
    }

    [Fact]
    public void A_file_that_is_not_UTF_8_is_refused_with_advice()
    {
        var latin1 = Encoding.Latin1.GetBytes("Kennung;Name\nA-1;Selbsthilfegruppe Angehörige\n");

        var result = CsvListings.Parse(latin1, Taxonomy);

        Assert.Contains("CSV UTF-8", Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void A_quote_never_closed_is_a_file_error_naming_its_line()
    {
        var result = Parse("Kennung;Name;Beschreibung\nA-1;Eins;gut\nA-2;Zwei;\"offen\n");

        Assert.Equal(["A-1"], result.Rows.Select(r => r.ExternalId));
        Assert.StartsWith("Zeile 3:", Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void More_rows_or_bytes_than_allowed_are_a_file_error()
    {
        var many = new StringBuilder("Kennung;Name\n");
        for (var i = 0; i <= CsvListings.MaxRows; i++) many.Append("A-").Append(i).Append(";Kreis\n");
        var large = new byte[CsvListings.MaxBytes + 1];

        var tooMany = Parse(many.ToString());
        var tooLarge = CsvListings.Parse(new MemoryStream(large), Taxonomy);

        Assert.Empty(tooMany.Rows);
        Assert.Single(tooMany.Errors);
        Assert.Contains("MB", Assert.Single(tooLarge.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_parses_like_its_bytes()
    {
        var bytes = Encoding.UTF8.GetBytes(Header + "\n" + Row("A-1") + "\n");

        var result = await CsvListings.ParseAsync(new MemoryStream(bytes), Taxonomy);

        Assert.Equal(JsonSerializer.Serialize(CsvListings.Parse(bytes, Taxonomy).Rows), JsonSerializer.Serialize(result.Rows));
    }
}
