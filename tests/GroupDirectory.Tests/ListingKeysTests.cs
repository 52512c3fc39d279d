using Npgsql;

namespace GroupDirectory.Tests;

/// <summary>
/// A listing's office and peer are checked once per statement by triggers (migration 0014), not by foreign keys: these
/// tests hold the triggers to what the keys guaranteed.
/// </summary>
[Collection(DirectoryCollection.Name)]
public sealed class ListingKeysTests(DirectoryFixture fixture)
{
    private DirectoryApp App => fixture.App;

    [Fact]
    public async Task A_listing_that_names_an_office_or_peer_that_does_not_exist_is_refused_and_nothing_is_written()
    {
        var office = await App.NewOfficeAsync();
        var (id, _) = await App.As(office, "office-editor").CreatePublishedAsync(TestListings.InPotsdam("Gruppe mit Schlüsseln"));
        await using var db = NpgsqlDataSource.Create(App.ConnectionString);
        var before = await App.ScalarAsync<long>("SELECT count(*) FROM listings");

        // A statement of many rows, one of them wrong, writes none of them.
        var insert = await RefusedAsync(db, """
            INSERT INTO listings SELECT (jsonb_populate_record(l, jsonb_build_object('id', gen_random_uuid(), 'office_id',
                CASE WHEN i = 3 THEN 'no-such-office' ELSE l.office_id END))).*
            FROM listings l, generate_series(1, 5) i WHERE l.id = $1
            """, id);
        Assert.Equal("listings_office_id_fkey", insert.ConstraintName);
        Assert.Equal(before, await App.ScalarAsync<long>("SELECT count(*) FROM listings"));

        Assert.Equal("listings_office_id_fkey", (await RefusedAsync(db, "UPDATE listings SET office_id = 'no-such-office' WHERE id = $1", id)).ConstraintName);
        Assert.Equal("listings_peer_id_fkey", (await RefusedAsync(db, "UPDATE listings SET peer_id = 'no-such-peer' WHERE id = $1", id)).ConstraintName);
        Assert.Equal(office, await App.ScalarAsync<string>("SELECT office_id FROM listings WHERE id = $1", id));
        Assert.Equal(0, await App.ScalarAsync<long>("SELECT count(*) FROM listings WHERE id = $1 AND peer_id IS NOT NULL", id));
    }

    [Fact]
    public async Task An_office_or_peer_that_listings_name_cannot_be_deleted_or_renamed_and_one_without_listings_can()
    {
        var listed = await App.NewOfficeAsync();
        var (id, _) = await App.As(listed, "office-editor").CreatePublishedAsync(TestListings.InPotsdam("Gruppe eines Büros"));
        var peer = "peer-" + Guid.NewGuid().ToString("N")[..8];
        await App.ScalarAsync<int>("INSERT INTO federation_peers (id, base_url, created_at) VALUES ($1, 'http://peer.test', now()) RETURNING 1", peer);
        await App.ScalarAsync<int>("UPDATE listings SET peer_id = $2, remote_id = 'r1', remote_version = 1, fetched_at = now() WHERE id = $1 RETURNING 1", id, peer);
        await using var db = NpgsqlDataSource.Create(App.ConnectionString);

        Assert.Equal("listings_office_id_fkey", (await RefusedAsync(db, "DELETE FROM offices WHERE id = $1", listed)).ConstraintName);
        Assert.Equal("listings_office_id_fkey", (await RefusedAsync(db, "UPDATE offices SET id = id || '-neu' WHERE id = $1", listed)).ConstraintName);
        Assert.Equal("listings_peer_id_fkey", (await RefusedAsync(db, "DELETE FROM federation_peers WHERE id = $1", peer)).ConstraintName);
        Assert.Equal("listings_peer_id_fkey", (await RefusedAsync(db, "UPDATE federation_peers SET id = id || '-neu' WHERE id = $1", peer)).ConstraintName);
        Assert.Equal(1, await App.ScalarAsync<long>("SELECT count(*) FROM offices WHERE id = $1", listed));

        // A change of anything else is not held up, and what no listing names can go.
        Assert.Equal(1, await App.ScalarAsync<int>("UPDATE offices SET name = 'Umbenannt' WHERE id = $1 RETURNING 1", listed));
        var unlisted = await App.NewOfficeAsync();
        Assert.Equal(1, await App.ScalarAsync<int>("DELETE FROM offices WHERE id = $1 RETURNING 1", unlisted));
    }

    [Fact]
    public async Task Deleting_an_office_while_a_listing_of_it_is_being_written_waits_for_that_write_and_then_fails()
    {
        var office = await App.NewOfficeAsync();
        var other = await App.NewOfficeAsync();
        var (id, _) = await App.As(other, "office-editor").CreatePublishedAsync(TestListings.InPotsdam("Gruppe, die umzieht"));
        await using var db = NpgsqlDataSource.Create(App.ConnectionString);

        // A writer gives the office its first listing and has not committed yet: the office is locked as a key would lock it.
        await using var writer = await db.OpenConnectionAsync();
        await using var transaction = await writer.BeginTransactionAsync();
        await using (var move = new NpgsqlCommand("UPDATE listings SET office_id = $2 WHERE id = $1", writer, transaction))
        {
            move.Parameters.AddWithValue(id);
            move.Parameters.AddWithValue(office);
            Assert.Equal(1, await move.ExecuteNonQueryAsync());
        }

        var delete = RefusedAsync(db, "DELETE FROM offices WHERE id = $1", office);
        await Task.Delay(500);
        Assert.False(delete.IsCompleted);

        await transaction.CommitAsync();
        Assert.Equal("listings_office_id_fkey", (await delete).ConstraintName);
        Assert.Equal(office, await App.ScalarAsync<string>("SELECT office_id FROM listings WHERE id = $1", id));
    }

    private static async Task<PostgresException> RefusedAsync(NpgsqlDataSource db, string sql, params object[] parameters)
    {
        await using var command = db.CreateCommand(sql);
        foreach (var parameter in parameters) command.Parameters.AddWithValue(parameter);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, refused.SqlState);
        return refused;
    }
}
