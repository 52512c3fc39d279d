using System.Net;
using Microsoft.Extensions.Options;
using Npgsql;
using Selbsthilfe.GroupDirectory.Api.Listings;
using Selbsthilfe.Messaging;
using Selbsthilfe.Messaging.Outbox;

namespace GroupDirectory.Tests;

/// <summary>The listings' change log that the search index of every replica and the federation feed follow.</summary>
[Collection(DirectoryCollection.Name)]
public sealed class ChangeLogTests(DirectoryFixture fixture)
{
    private DirectoryApp App => fixture.App;

    [Fact]
    public async Task A_change_whose_transaction_commits_late_is_not_overtaken_by_a_later_one()
    {
        var office = await App.NewOfficeAsync();
        using var staff = App.As(office, "office-editor");
        var (slowId, _) = await staff.CreatePublishedAsync(TestListings.InPotsdam("Langsame Gruppe"));
        var (fastId, fastETag) = await staff.CreateAsync(TestListings.InPotsdam("Schnelle Gruppe"));
        await using var db = NpgsqlDataSource.Create(App.ConnectionString);
        var start = (await ListingChanges.ReadAsync(db, 0, int.MaxValue, default)).Max(c => c.Position);

        // A slow writer takes its place in the log (the store's own last step) and has not committed yet.
        using var signal = new OutboxSignal();
        var outbox = new TransactionalOutbox(db, signal, Options.Create(new MessagingOptions()));
        await using var slow = await outbox.BeginAsync(default);
        await ListingChanges.AppendAsync(slow, [slowId], default);

        // A later, quick change cannot take a position before the slow one has committed...
        var fast = staff.PutAsync(fastId, TestListings.InPotsdam("Schnelle Gruppe, geändert"), fastETag);
        await Task.Delay(500);
        Assert.False(fast.IsCompleted);
        Assert.Empty(await ListingChanges.ReadAsync(db, start, 100, default));

        // ...so once both have committed, a reader following "position > cursor" gets both, in commit order.
        await slow.CommitAsync(default);
        using var response = await fast;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var changes = await ListingChanges.ReadAsync(db, start, 100, default);
        Assert.Equal([slowId, fastId], changes.Select(c => c.Row.Id));
        Assert.True(changes[0].Position < changes[1].Position);
    }

    [Fact]
    public async Task A_reader_that_stopped_anywhere_resumes_without_loss_or_repetition()
    {
        var office = await App.NewOfficeAsync();
        using var staff = App.As(office, "office-editor");
        await using var db = NpgsqlDataSource.Create(App.ConnectionString);
        var start = (await ListingChanges.ReadAsync(db, 0, int.MaxValue, default)).Select(c => c.Position).DefaultIfEmpty().Max();
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++) ids.Add((await staff.CreatePublishedAsync(TestListings.InPotsdam($"Gruppe {i}"))).Id);

        var seen = new List<Guid>();
        var cursor = start;
        while (await ListingChanges.ReadAsync(db, cursor, 2, default) is { Count: > 0 } batch)
        {
            seen.AddRange(batch.Select(c => c.Row.Id));
            cursor = batch[^1].Position;
        }

        // Each listing once, at its latest change (create, then publish), whatever the page size.
        Assert.Equal(ids, seen.Where(ids.Contains));
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }
}
