using Npgsql;
using Selbsthilfe.GroupDirectory.Api.Listings;

namespace GroupDirectory.Tests;

/// <summary>The search index on its own, fed with change-log rows as a search's own read brings them.</summary>
public sealed class SearchIndexTests
{
    [Fact]
    public async Task Reads_of_the_change_log_applied_out_of_order_leave_each_listing_as_the_later_read_saw_it()
    {
        // Searches read the log side by side, each in its own round trip, so an older read can be applied last.
        await using var db = NpgsqlDataSource.Create("Host=127.0.0.1;Database=never-opened");
        using var index = new SearchIndex(db);
        Guid renamed = Guid.NewGuid(), kept = Guid.NewGuid();
        LoggedChange[] older = [new(5, Row(renamed, "Alter Name")), new(6, Row(kept, "Gesprächskreis"))];
        LoggedChange[] newer = [new(6, Row(kept, "Gesprächskreis")), new(9, Row(renamed, "Neuer Name"))];

        await index.ApplyAsync(newer, default);
        await index.ApplyAsync(older, default);
        Assert.Equal([SearchIndex.SortKey("Gesprächskreis"), SearchIndex.SortKey("Neuer Name")], Names(index));

        // A later change still applies: the withdrawal leaves the index.
        await index.ApplyAsync([new(10, Row(kept, "Gesprächskreis", ListingStatus.Withdrawn))], default);
        await index.ApplyAsync(older, default);
        Assert.Equal([SearchIndex.SortKey("Neuer Name")], Names(index));
    }

    private static IndexRow Row(Guid id, string name, string status = ListingStatus.Published) =>
        new(id, status, 0, "sekiz-potsdam", ["depression"], "affected", "in-person", ["de"], "open", [], "14467", 52.4, 13.1, name);

    private static IEnumerable<string> Names(SearchIndex index) => index.Search(new IndexQuery
    {
        Viewer = Viewer.Anonymous, Filters = new SearchQuery(), Sort = "name", Take = 10,
    }).Hits.Select(h => h.SortName);
}
