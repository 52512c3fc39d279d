using Selbsthilfe.GroupDirectory.Api.Taxonomy;

namespace GroupDirectory.Tests;

public sealed class TopicTaxonomyTests
{
    private static readonly TopicTaxonomy Taxonomy = TopicTaxonomy.LoadShipped();

    private static string[] Codes(string term) => Taxonomy.Find(term).Select(t => t.Code).Order().ToArray();

    [Fact]
    public void The_shipped_taxonomy_has_at_least_80_topics_in_a_hierarchy_with_synonyms()
    {
        Assert.True(Taxonomy.Topics.Count >= 80, $"only {Taxonomy.Topics.Count} topics");
        Assert.True(Taxonomy.Topics.Count(t => t.Parent is null) >= 5);
        Assert.All(Taxonomy.Topics.Where(t => t.Parent is not null), t => Assert.NotNull(Taxonomy[t.Parent!]));
        Assert.All(Taxonomy.Topics, t => Assert.NotEmpty(t.Synonyms));
        Assert.All(Taxonomy.Topics.SelectMany(t => t.Icd10), code => Assert.Matches("^[A-Z][0-9]{2}(\\.[0-9]{1,2})?$", code));
    }

    [Fact]
    public void About_two_thirds_of_the_topics_are_health_topics_with_ICD_10_codes_where_one_fits()
    {
        Assert.True(Taxonomy.Topics.Count(t => t.Icd10.Count > 0) >= 40);
    }

    [Theory]
    [InlineData("ADHS Erwachsene", "adhs-erwachsene")]                                  // the longest name, not also ADHS
    [InlineData("Diabetes Typ 1 bei Kindern", "diabetes-typ-1")]                       // a name of three words inside
    [InlineData("Angehörige von Alkoholikern in Potsdam", "angehoerige-sucht")]
    [InlineData("Krebs Frauen", "frauengruppen", "krebs")]
    [InlineData("Eltern")]                                                             // a word names use is no typo ("Altern")
    [InlineData("Angehörige")]                                                         // nor of "Zugehörige"
    [InlineData("Depresion", "depression")]                                            // a word no name uses may be one
    public void A_query_names_the_topics_of_its_longest_names(string query, params string[] codes)
    {
        Assert.Equal(codes, Taxonomy.Match(query).Order(StringComparer.Ordinal).ToArray());
    }

    [Theory]
    [InlineData("F32", "Depression")]
    [InlineData("MS", "Multiple Sklerose")]
    [InlineData("G35", "multiple sklerose")]
    [InlineData("Alkoholabhängigkeit", "Alkohol")]
    [InlineData("Hinterbliebene", "Trauer")]
    [InlineData("Verlust", "Trauer")]
    public void Any_name_people_know_finds_the_same_topic(string colloquial, string label)
    {
        var byLabel = Codes(label);

        Assert.NotEmpty(byLabel);
        Assert.NotEmpty(Codes(colloquial).Intersect(byLabel));
    }

    [Theory]
    [InlineData("ALKOHOLABHAENGIGKEIT", "Alkoholabhängigkeit")]
    [InlineData("  multiple   sklerose ", "Multiple Sklerose")]
    [InlineData("f32.1", "F32")]
    [InlineData("F60.31", "F60.3")]
    public void Lookup_ignores_case_umlaut_spelling_spacing_and_ICD_subcategories(string variant, string canonical)
    {
        Assert.NotEmpty(Codes(canonical));
        Assert.Equal(Codes(canonical), Codes(variant));
    }

    [Fact]
    public void A_category_includes_its_sub_topics()
    {
        var alcohol = Taxonomy.Find("Alkohol").First(t => t.Parent is not null);

        Assert.Contains(alcohol.Code, Taxonomy.WithDescendants(alcohol.Parent!));
    }

    [Fact]
    public void A_duplicate_code_or_a_missing_parent_is_refused_at_load()
    {
        Assert.Throws<InvalidDataException>(() => new TopicTaxonomy(
            [new Topic("a", null, "A", "A", ["x"], []), new Topic("a", null, "A2", "A2", ["y"], [])]));
        Assert.Throws<InvalidDataException>(() => new TopicTaxonomy([new Topic("b", "missing", "B", "B", ["x"], [])]));
    }

    [Fact]
    public void Folding_in_one_pass_gives_what_Unicode_decomposition_gives()
    {
        // Every character up to Latin Extended-A alone and between letters, then random texts of the characters that
        // matter (cases, umlauts, accents, separators, whitespace at either end and in runs).
        var texts = Enumerable.Range(0, 0x180).Select(c => ((char)c).ToString())
            .Concat(Enumerable.Range(0, 0x180).Select(c => "Ab" + (char)c + "cD"))
            .Concat(["", " ", "ÄÖÜäöüß", "Straße", "  Selbst-Hilfe_Gruppe / Köln  ", "Café Crème", "Ångström", "F60.31", "ẞ", "İstanbul",
                "Mañana\u00A0Señor", "tab\there", "line\r\nbreak", new string('x', 256), new string('ä', 256), new string('ä', 257)]);
        const string alphabet = "aZz09 -_/\t\näÄöÖüÜßéÉçñ.,()'\u0301\u00A0\u2009Ω";
        var random = new Random(5);
        var generated = Enumerable.Range(0, 2000).Select(_ =>
            new string(Enumerable.Range(0, random.Next(0, 24)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray()));

        Assert.All(texts.Concat(generated), text => Assert.Equal(TopicTaxonomy.NormalizeFully(text), TopicTaxonomy.Normalize(text)));
    }

    [Fact]
    public void Text_that_is_folded_already_is_returned_as_it_is()
    {
        const string folded = "selbsthilfe gruppe koeln";

        Assert.Same(folded, TopicTaxonomy.Normalize(folded));
        Assert.Equal("selbsthilfe gruppe koeln", TopicTaxonomy.Normalize(" Selbsthilfe-Gruppe  Köln "));
    }
}
