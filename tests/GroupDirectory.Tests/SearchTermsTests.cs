using Selbsthilfe.GroupDirectory.Api.Listings;
using Selbsthilfe.GroupDirectory.Api.Taxonomy;

namespace GroupDirectory.Tests;

public sealed class SearchTermsTests
{
    private static readonly TopicTaxonomy Taxonomy = TopicTaxonomy.LoadShipped();

    [Theory]
    [InlineData("Selbsthilfegruppe Depression Berlin", "Depression Berlin")]
    [InlineData("Depressionsgruppe Berlin", "Depressions Berlin")]
    [InlineData("Krebsselbsthilfegruppe", "Krebs")]
    [InlineData("Suchtselbsthilfe,", "Sucht")]
    [InlineData("MS-Gruppe", "MS")]
    [InlineData("Angehörigentreffen Demenz", "Angehörigen Demenz")]
    [InlineData("Trauergesprächskreis in der Nähe", "Trauer in der")]
    [InlineData("Selbsthilfe-Gruppe Tinnitus", "Tinnitus")]        // the rest is generic itself
    [InlineData("Trauergruppe Potsdam", null)]                       // the compound names a topic
    [InlineData("Frauengruppe", null)]
    [InlineData("Angehörigengruppe", null)]
    [InlineData("Betreffen", null)]                                  // too little before the head to be a compound
    [InlineData("Selbsthilfegruppe", "")]                            // generic words alone: any group
    [InlineData("Selbsthilfegruppe in der Nähe", "in der")]
    [InlineData("Depression Berlin", null)]
    public void Generic_words_and_generic_heads_of_compounds_are_left_out(string query, string? specific)
    {
        Assert.Equal(specific, SearchTerms.Specific(query, Taxonomy));
    }
}
