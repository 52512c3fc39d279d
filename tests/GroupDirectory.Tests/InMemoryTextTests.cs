using Npgsql;
using Selbsthilfe.GroupDirectory.Api.Listings;
using Selbsthilfe.GroupDirectory.Api.Taxonomy;

namespace GroupDirectory.Tests;

/// <summary>
/// The search index matches and ranks text in memory; PostgreSQL is the reference. For every pair of these documents
/// and queries, both must agree on whether the document matches (<c>@@</c>) and on its rank (<c>ts_rank_cd</c>).
/// </summary>
[Collection(DirectoryCollection.Name)]
public sealed class InMemoryTextTests(DirectoryFixture fixture)
{
    private static readonly string[] Documents =
    [
        "Gesprächsgruppe Angst und Panik|angst|Potsdam|Wir sprechen offen über unsere Angst vor engen Räumen und vor Menschen.",
        "Lichtblick – Leben mit Depressionen|depression Depression F32|Potsdam|Leben mit Depression, Leben mit Angst, und wieder Leben.",
        "Anonyme Trinker Babelsberg|alkohol Alkoholabhängigkeit Sucht|Potsdam Babelsberg|Trinken, trinken, nicht mehr trinken: wir helfen uns.",
        "Hinterbliebenen-Café|trauer Verlust Hinterbliebene|Berlin|Nach dem Verlust eines Menschen: Trauer braucht Zeit und Menschen.",
        "Eltern psychisch kranker Kinder|eltern|Dresden|Eltern treffen Eltern. Kinder, Jugendliche und Eltern in Not.",
        "Selbsthilfegruppe Multiple Sklerose|multiple-sklerose MS G35|Kassel|Für Menschen mit MS und ihre Angehörigen; Gruppe, Gruppe, Gruppe.",
        "Straßenkinder von früher|sucht|Dresden|Größere Gruppe für Erwachsene, die als Jugendliche auf der Straße lebten.",
        "|||",
    ];

    private static readonly string[] Queries =
    [
        "Angst", "Ängste", "Leben Depression", "Depression oder Angst", "Leben -Angst", "Menschen Trauer", "Gruppe",
        "Eltern Kinder", "trinken", "Selbsthilfegruppe Multiple Sklerose", "MS Angehörige", "Straße Jugendliche Gruppe",
        "und", "Angst or Trauer or Eltern", "-Gruppe", "Verlust -Trauer", "Leben Leben",
    ];

    [Fact]
    public async Task Matching_and_cover_density_rank_agree_with_PostgreSQL()
    {
        await using var db = NpgsqlDataSource.Create(fixture.App.ConnectionString);
        var lexicon = new Lexicon();
        var compared = 0;
        foreach (var document in Documents)
        {
            var parts = document.Split('|');
            foreach (var query in Queries)
            {
                await using var command = db.CreateCommand("""
                    WITH d AS (SELECT listing_doc($1, $2, $3, $4) AS doc, websearch_to_tsquery('german_folded', $5) AS q)
                    SELECT doc::text, q::text, doc @@ q, ts_rank_cd(doc, q)::float8 FROM d
                    """);
                foreach (var value in parts) command.Parameters.AddWithValue(value);
                command.Parameters.AddWithValue(query);
                await using var reader = await command.ExecuteReaderAsync();
                await reader.ReadAsync();
                var doc = TextDocument.Parse(reader.GetString(0), lexicon);
                var parsed = TextQuery.Parse(reader.GetString(1));
                Assert.True(parsed.InMemory, query);
                var operands = parsed.Lexemes.Select(lexicon.Find).ToArray();
                var present = operands.Select((l, i) => l >= 0 && doc.PositionsOf(l).Length > 0 ? 1UL << i : 0).Aggregate(0UL, (a, b) => a | b);
                var matches = parsed.Root is { } root && TextQuery.Evaluate(root, present);
                var rank = parsed.Root is { } r ? new CoverDensity(r, operands).Rank(doc) : 0;

                Assert.True(reader.GetBoolean(2) == matches, $"match of \"{query}\" in \"{parts[0]}\"");
                Assert.True(Math.Abs(reader.GetDouble(3) - rank) < 1e-6, $"rank of \"{query}\" in \"{parts[0]}\": {reader.GetDouble(3)} ≠ {rank}");
                compared++;
            }
        }
        Assert.Equal(Documents.Length * Queries.Length, compared);
    }

    [Fact]
    public async Task Documents_built_with_each_topics_part_analysed_once_are_the_documents_of_the_whole_text()
    {
        await using var db = NpgsqlDataSource.Create(fixture.App.ConnectionString);
        var taxonomy = TopicTaxonomy.LoadShipped();
        ListingRequest[] requests =
        [
            TestListings.InPotsdam("Gesprächsgruppe Angst und Panik", "angst", "depression"),
            TestListings.InPotsdam("Hinterbliebenen-Café für", "trauer") with
            {
                Description = "Nach dem Verlust: Trauer braucht Zeit.",
                FieldVisibility = new FieldVisibilityRequest("office-network", "office-only", "public"),
            },
            TestListings.InPotsdam("Angehörige von Menschen mit Depression", "angst", "depression"),
        ];
        var contents = requests.Select(r =>
        {
            Assert.Empty(ListingRules.Validate(r, taxonomy, out var content));
            return content!;
        }).ToList();
        // Twice: the second build takes the topics' parts from what the first kept.
        foreach (var built in new[] { await Build(), await Build() })
        {
            foreach (var content in contents)
            {
                var documents = built.For(content)!;
                string?[] levels = [documents.Public, documents.Network, documents.Office];
                for (var rank = 0; rank <= 2; rank++)
                {
                    var level = levels.Take(rank + 1).Last(d => d is not null)!;
                    var (name, topics, place, text) = ListingProjection.SearchText(content, rank, taxonomy);
                    await using var whole = db.CreateCommand("""
                        WITH w AS (SELECT setweight(to_tsvector('german_folded', $1), 'A') || setweight(to_tsvector('german_folded', $2), 'B')
                            || setweight(to_tsvector('german_folded', $3), 'C') || setweight(to_tsvector('german_folded', $4), 'D') AS doc)
                        SELECT doc = $5::tsvector, doc::text FROM w
                        """);
                    foreach (var part in new[] { name, topics, place, text }) whole.Parameters.AddWithValue(part);
                    whole.Parameters.AddWithValue(level);
                    await using var reader = await whole.ExecuteReaderAsync();
                    await reader.ReadAsync();
                    Assert.True(reader.GetBoolean(0), $"{requests[contents.IndexOf(content)].Name}, level {rank}: {level} ≠ {reader.GetString(1)}");
                }
            }
        }

        Task<SearchDocuments> Build() => SearchDocuments.BuildAsync(db.CreateCommand, contents, taxonomy, default);
    }

    /// <summary>Texts where a parser that joined or split tokens differently from PostgreSQL's would show it.</summary>
    private static readonly string[] AwkwardTexts =
    [
        "foo-bar Sucht-Selbsthilfe die und 12 1.5 e-mail@x.de http://a.b/c?d=1 www.x.org. Straße",
        "Wir treffen uns jeden 2. Dienstag im Monat, 18:30–20 Uhr, im Raum 1.07 (Erdgeschoss).",
        "Kontakt: gruppe@example.org oder https://selbsthilfe.example.org/gruppen?id=12&x=y",
        "Die die die und und oder der",
        "„Lichtblick“ – Leben mit Depressionen … und Ängsten",
        "C++ C# .NET node.js 3.14159 -42 +7 1e10 1,5 12.12.2024 v1.2.3 ICD-10: F10.2",
        "Café Crème naïve Ærø Œuvre façade Øresund ß ẞ",
        "a-b-c-d-e x--y --z w- -v mehr-als-zwei-teile-wort",
        "Trinken,trinken;nicht.mehr:trinken!wir?helfen(uns)",
        "~/doc.txt ../a/b /usr/local/bin/foo C:\\Users\\x ./x .y ..z",
        " ~/doc.txt nach einem Leerzeichen",
        "\tTabs\tund\nZeilen\r\numbrüche  doppelt",
        "<b class=\"x y\">Fett</b> und &amp; a & b < c > d",
        "a <",
        "x 'quoted' \"dq\" `bt` it's O'Neil back\\slash",
        "0 00 0.0 -0 Gruppe 0",
        "",
        "   ",
        "a\u00A0~/x b\u000Bc d\fe x\ry \r\n~/z",
        "Gruppe <style>x",
        "<script>a</script> Gruppe",
        new string('x', 2100) + " Gruppe",
        string.Join('-', Enumerable.Repeat("xy", 300)),
        "xy " + string.Join('-', Enumerable.Repeat("xy", 300)),
        "see http:// a@ 1.2. 1e x- &# ~ /",
        "~",
        string.Join(' ', Enumerable.Repeat("Gruppe", 300)),
        string.Join(' ', Enumerable.Range(0, 300).Select(i => $"Wort{i % 40}-teil")),
    ];

    [Fact]
    public async Task Documents_put_together_from_analysed_words_are_the_documents_PostgreSQL_builds_from_the_whole_text()
    {
        await using var db = NpgsqlDataSource.Create(fixture.App.ConnectionString);
        var taxonomy = TopicTaxonomy.LoadShipped();
        var random = new Random(7);
        const string alphabet = "abcdeäöüßxyz ABCÄÖÜ  0123456789-./:@~_+&'\"!?,;()#%=–…“„éçøŒ\t\n\\";
        string[] pieces = ["die", "und", "Selbsthilfe", "Gruppe", "www.x.org", "a@b.de", "http://x.y/z", "1.5", "über", "Sucht-Hilfe", "-", "/usr/x", "e.V.", "10:30"];
        var generated = Enumerable.Range(0, 300).Select(_ => string.Concat(Enumerable.Range(0, random.Next(1, 14)).Select(_ =>
            (random.Next(2) == 0 ? pieces[random.Next(pieces.Length)] : new string(Enumerable.Range(0, random.Next(1, 8)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray()))
            + new[] { " ", " ", "", "  ", "-", "." }[random.Next(6)])));
        var contents = AwkwardTexts.Concat(generated).Select((text, i) =>
        {
            var request = TestListings.InPotsdam(i % 2 == 0 ? "Gruppe" : text.Length is > 0 and <= 150 && text.Trim().Length > 0 ? text : "Gruppe", "angst") with
            {
                Description = text,
            };
            Assert.Empty(ListingRules.Validate(request, taxonomy, out var content));
            return content!;
        }).ToList();

        var built = await SearchDocuments.BuildAsync(db.CreateCommand, contents, taxonomy, default);
        foreach (var content in contents)
        {
            var (name, topics, place, text) = ListingProjection.SearchText(content, 0, taxonomy);
            await using var whole = db.CreateCommand("SELECT listing_doc($1, $2, $3, $4) = $5::tsvector, listing_doc($1, $2, $3, $4)::text");
            foreach (var part in new[] { name, topics, place, text }) whole.Parameters.AddWithValue(part);
            whole.Parameters.AddWithValue(built.For(content)!.Public);
            await using var reader = await whole.ExecuteReaderAsync();
            await reader.ReadAsync();
            Assert.True(reader.GetBoolean(0), $"\"{content.Name}\" / \"{content.Description}\": {built.For(content)!.Public} ≠ {reader.GetString(1)}");
        }
    }

    [Theory]
    [InlineData("'angst' & 'panik'", true)]
    [InlineData("'leb' <-> 'depression'", false)]
    [InlineData("'angst':*", false)]
    [InlineData("'angst':AB | 'x'", false)]
    [InlineData("!( 'a' | 'b' ) & 'c''d'", true)]
    [InlineData("", true)]
    public void Phrases_prefixes_and_weights_are_left_to_PostgreSQL(string tsquery, bool inMemory)
    {
        Assert.Equal(inMemory, TextQuery.Parse(tsquery).InMemory);
    }

    [Fact]
    public void Operators_bind_as_in_PostgreSQL()
    {
        var query = TextQuery.Parse("'a' | 'b' & !'c'");
        Assert.Equal(["a", "b", "c"], query.Lexemes);
        Assert.True(TextQuery.Evaluate(query.Root!, 0b001));  // a alone
        Assert.True(TextQuery.Evaluate(query.Root!, 0b010));  // b without c
        Assert.False(TextQuery.Evaluate(query.Root!, 0b110)); // b with c
    }
}
