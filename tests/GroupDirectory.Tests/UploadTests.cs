using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace GroupDirectory.Tests;

/// <summary>Offices that keep their groups in a spreadsheet upload it; rows are checked one by one.</summary>
[Collection(DirectoryCollection.Name)]
public sealed class UploadTests(DirectoryFixture fixture)
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private DirectoryApp App => fixture.App;

    private const string Header =
        "Kennung;Name;Beschreibung;Themen;Zielgruppe;Sprachen;Form;Ort-Art;Treffpunkt;Straße;PLZ;Ort;Breitengrad;Längengrad;Barrierefreiheit;Offen;Kontakt-Art;Sichtbarkeit";

    private static string Csv(params string[] rows) => "\uFEFF" + string.Join("\r\n", rows.Prepend(Header)) + "\r\n";

    private static async Task<(HttpStatusCode Status, JsonElement Body)> Upload(HttpClient client, string office, string content, string type, bool dryRun = false)
    {
        using var body = new StringContent(content, Encoding.UTF8, type);
        using var response = await client.PostAsync($"/api/directory/offices/{office}/import{(dryRun ? "?dryRun=true" : "")}", body);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    [Fact]
    public async Task A_text_search_right_after_a_large_upload_finds_every_uploaded_group()
    {
        // More changes than a search reads in its own round trip: the rest must come from the index's own catch-up.
        var office = await App.NewOfficeAsync();
        using var staff = App.As(office, "office-editor");
        var entry = TestListings.InPotsdam("Gesprächskreis Tinnitus", "tinnitus");
        var json = JsonSerializer.Serialize(Enumerable.Range(1, 250).Select(i => new
        {
            externalId = $"t-{i}", Name = $"{entry.Name} {i}", entry.Topics, entry.Audience, entry.Languages, entry.Setting, entry.Place,
            entry.Openness, entry.Contact, entry.Visibility,
        }), Web);
        var (status, report) = await Upload(staff, office, json, "application/json");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(250, report.GetProperty("accepted").GetInt32());

        var found = await App.Anonymous().SearchAsync($"office={office}&q=Tinnitus");
        Assert.Equal(250, found.GetProperty("facets").GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_spreadsheet_is_checked_row_by_row_good_rows_land_and_uploading_again_changes_nothing()
    {
        var office = await App.NewOfficeAsync();
        using var staff = App.As(office, "office-editor");
        var csv = Csv(
            "sg-1;Gesprächskreis Tinnitus;\"Wir treffen uns; jeden Monat\";Tinnitus;Betroffene;de;Präsenz;öffentlich;Bürgerhaus;Hauptstraße 1;14467;Potsdam;52,39;13,06;rollstuhlgerecht;offen;Kontaktstelle;öffentlich",
            "sg-2;Gruppe ohne Thema;;Unbekanntes Leiden;Betroffene;de;online;;;;;;;;;offen;Kontaktstelle;öffentlich",
            "sg-3;Trauercafé;;Trauer;Angehörige;de;online;;;;;;;;;offen;Kontaktstelle;öffentlich");

        var (dryStatus, dry) = await Upload(staff, office, csv, "text/csv", dryRun: true);
        Assert.Equal(HttpStatusCode.OK, dryStatus);
        Assert.Equal(2, dry.GetProperty("accepted").GetInt32());
        Assert.Equal(0L, await App.ScalarAsync<long>("SELECT count(*) FROM listings WHERE office_id = $1", office));

        var (_, report) = await Upload(staff, office, csv, "text/csv");
        var rows = report.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(["created", "rejected", "created"], rows.Select(r => r.GetProperty("outcome").GetString()));
        Assert.Equal(3, rows[1].GetProperty("line").GetInt32());
        Assert.Contains("Unbekanntes Leiden", rows[1].GetProperty("errors")[0].GetString());
        Assert.Equal(["Gesprächskreis Tinnitus", "Trauercafé"], (await App.Anonymous().SearchAsync($"office={office}&sort=name")).Names());

        var (_, again) = await Upload(staff, office, csv, "text/csv");
        Assert.Equal(["unchanged", "rejected", "unchanged"], again.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("outcome").GetString()));
        var (_, changed) = await Upload(staff, office, csv.Replace("Trauercafé", "Trauercafé am Sonntag", StringComparison.Ordinal), "text/csv");
        Assert.Equal("updated", changed.GetProperty("rows")[2].GetProperty("outcome").GetString());
        Assert.Equal(2L, await App.ScalarAsync<long>("SELECT count(*) FROM listings WHERE office_id = $1", office));
        // Uploaded listings raise the same events: published twice, updated once.
        Assert.Equal(3L, await App.ScalarAsync<long>(
            "SELECT count(*) FROM outbox_messages m JOIN listings l ON m.aggregate_id = l.id::text WHERE l.office_id = $1", office));
    }

    [Fact]
    public async Task Json_uploads_work_alike_and_other_offices_and_bad_files_are_refused()
    {
        var office = await App.NewOfficeAsync();
        using var staff = App.As(office, "office-editor");
        var entry = TestListings.InPotsdam("Angehörigengruppe Demenz", "demenz");
        var json = JsonSerializer.Serialize(new object[]
        {
            new { externalId = "a-1", entry.Name, entry.Topics, entry.Audience, entry.Languages, entry.Setting, entry.Place, entry.Openness, entry.Contact, entry.Visibility },
            new { externalId = "a-1", entry.Name },
        }, Web);

        var (status, report) = await Upload(staff, office, json, "application/json");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["created", "rejected"], report.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("outcome").GetString()));

        using var other = App.As(await App.NewOfficeAsync(), "office-editor");
        Assert.Equal(HttpStatusCode.Forbidden, (await Upload(other, office, json, "application/json")).Status);
        var (badStatus, bad) = await Upload(staff, office, "Name;Ort\r\nGruppe;Potsdam\r\n", "text/csv");
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        Assert.Contains("Kennung", bad.GetProperty("errors").GetProperty("file")[0].GetString());
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await Upload(staff, office, "x", "text/plain")).Status);
    }
}
