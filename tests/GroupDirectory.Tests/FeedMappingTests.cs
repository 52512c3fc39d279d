using Selbsthilfe.GroupDirectory.Api.Data;
using Selbsthilfe.GroupDirectory.Api.Federation;
using Selbsthilfe.GroupDirectory.Api.Listings;
using Selbsthilfe.GroupDirectory.Api.Taxonomy;

namespace GroupDirectory.Tests;

public sealed class FeedMappingTests
{
    private static readonly TopicTaxonomy Taxonomy = TopicTaxonomy.LoadShipped();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Every_listing_a_reader_may_see_survives_the_feed_round_trip_and_shows_no_more_than_the_reader_saw(int rank)
    {
        var now = DateTimeOffset.UtcNow;
        var failures = new List<string>();
        foreach (var (office, request) in DemoGroups.Generate(Taxonomy, DemoGroups.Nationwide, 2000, 7))
        {
            if (ListingRules.Validate(request, Taxonomy, out var content).Count > 0) continue;
            var listing = new Listing(Guid.NewGuid(), office, "Kontaktstelle", ListingStatus.Published, 1, content!, now, now, now, now);
            var reader = new Viewer(rank, null);
            if (ListingProjection.Project(listing, reader, Taxonomy, now) is not { } view) continue;

            var errors = ListingRules.Validate(FeedMapping.ToRequest(FeedMapping.ToItem(listing, view, rank, "x/y", Taxonomy), Taxonomy), Taxonomy, out var copy);
            if (errors.Count > 0) { failures.Add(string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value[0]}"))); continue; }
            var copyView = ListingProjection.Project(listing with { OfficeId = "anderswo", Content = copy! }, Viewer.Anonymous with { Rank = rank }, Taxonomy, now)!;
            Assert.Equal(view.Name, copyView.Name);
            Assert.Equal(view.Description, copyView.Description);
            Assert.Equal(view.Place?.Street, copyView.Place?.Street);
            Assert.Equal(view.Contact?.Email, copyView.Contact?.Email);
        }
        Assert.True(failures.Count == 0, $"{failures.Count} rejected, e.g. {failures.FirstOrDefault()}");
    }
}
