using Selbsthilfe.GroupDirectory.Api.Data;
using Selbsthilfe.GroupDirectory.Api.Domain;
using Selbsthilfe.GroupDirectory.Api.Listings;
using Selbsthilfe.GroupDirectory.Api.Taxonomy;

namespace GroupDirectory.Tests;

public sealed class DemoGroupsTests
{
    private static readonly TopicTaxonomy Taxonomy = TopicTaxonomy.LoadShipped();

    [Fact]
    public void Every_generated_group_is_a_valid_listing_of_its_region()
    {
        var groups = DemoGroups.Generate(Taxonomy, DemoGroups.DemoRegions, 400, seed: 7).ToList();

        Assert.Equal(400, groups.Count);
        foreach (var (officeId, request) in groups)
        {
            Assert.Empty(ListingRules.Validate(request, Taxonomy, out _));
            Assert.EndsWith("(Fiktiver Beispieleintrag.)", request.Description);
            if (request.Place is { } place)
                Assert.Contains(place.Postcode!, DemoGroups.DemoRegions.Single(r => r.OfficeId == officeId).Places.Select(p => p.Postcode));
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_groups()
    {
        var first = DemoGroups.Generate(Taxonomy, DemoGroups.Nationwide, 50, seed: 1).Select(g => g.Listing.Name).ToList();
        var second = DemoGroups.Generate(Taxonomy, DemoGroups.Nationwide, 50, seed: 1).Select(g => g.Listing.Name).ToList();

        Assert.Equal(first, second);
    }

    [Fact]
    public void Every_demo_office_is_valid_with_its_contact_data()
    {
        foreach (var office in DemoOffices.All)
            Assert.Empty(OfficeRules.Validate(office.Id, office.Name, office.RegionPostcodePrefixes, office.Contact));
        Assert.Equal("hilfe@sekiz.de", DemoOffices.All.Single(o => o.Id == "sekiz-potsdam").Contact?.Email);
    }
}
