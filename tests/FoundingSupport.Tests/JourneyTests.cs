using System.Net;
using System.Net.Http.Json;
using Npgsql;
using Selbsthilfe.FoundingSupport.Contracts;

namespace Selbsthilfe.FoundingSupport.Tests;

/// <summary>From a peer search to a founded group, with a restart in the middle, leaving no address behind.</summary>
[Collection(FoundingCollection.Name)]
public sealed class JourneyTests(FoundingFixture fixture)
{
    [Fact]
    public async Task A_founding_journey_survives_a_restart_in_the_middle_and_leaves_no_address_anywhere()
    {
        var app = new FoundingApp(fixture.Servers);
        await app.InitializeAsync();
        try
        {
            var founding = await Founding.StartAsync(app);
            using (var admin = app.As(founding.Office, "office-admin"))
            {
                (await admin.PutAsJsonAsync($"/api/founding/offices/{founding.Office}/settings", new { peerThreshold = 3 })).EnsureSuccessStatusCode();
            }
            // Someone tries to leave an address in the text: refused, nothing stored.
            await founding.PostAsync(app.Anonymous(), "/postings", new
            {
                topic = founding.Topic, postcode = founding.Postcode, text = "Bitte meldet euch: anna.beispiel@example.org", contactRef = Guid.NewGuid(),
            }, HttpStatusCode.BadRequest);
            var (posting, poster) = await founding.PostingAsync();
            var early = new[] { await founding.ContactAsync(), await founding.ContactAsync() };
            foreach (var person in early) await founding.PostAsync(app.Anonymous(), $"/postings/{posting}/interest", new { contactRef = person });
            var created = await founding.PostAsync(app.Anonymous(), "/initiatives", new { postingId = posting, initiatorContactRef = poster },
                HttpStatusCode.Created);
            var id = created.GetProperty("initiative").GetProperty("id").GetGuid();
            await founding.StepAsync(id, "counselling");

            app = await app.RestartAsync();
            founding = new Founding(app, founding.Office, founding.Region, founding.Topic);

            await founding.StepAsync(id, "gathering-peers");
            var later = await founding.JoinAsync(id, 1);
            Assert.Equal(3, Assert.Single(await app.RaisedAsync<PeersGathered>(id)).GetProperty("interestedCount").GetInt32());
            await founding.PostAsync(app.Anonymous(), $"/initiatives/{id}/consent", new { contactRef = poster });
            await founding.PostAsync(app.Anonymous(), $"/initiatives/{id}/consent", new { contactRef = early[0] });
            await founding.StepAsync(id, "first-meeting", Founding.FirstMeeting(app.Clock.GetUtcNow()));
            await founding.StepAsync(id, "founded", new { groupName = "Selbsthilfegruppe am Park" });

            var invitees = Assert.Single(await app.RaisedAsync<FirstMeetingPlanned>(id)).GetProperty("inviteeContactRefs");
            Assert.Equal(new[] { poster }.Concat(early).Concat(later).Order(), invitees.EnumerateArray().Select(r => r.GetGuid()).Order());
            Assert.Single(await app.RaisedAsync<InitiativeFounded>(id));
            Assert.Single(await app.RaisedAsync<PeerSearchReleased>(posting));
            Assert.Equal(5, (await app.RaisedAsync<InitiativeStateChanged>(id)).Count);
            // Everything raised is also published once the relay of the restarted service has run.
            await Selbsthilfe.TestSupport.Eventually.TrueAsync(async () =>
                await app.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL") == 0);

            Assert.Empty(await RowsWithAtSignAsync(app.ConnectionString));
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    /// <summary>"table: row" for every row of every table (outbox payloads included) whose text contains an '@'.</summary>
    private static async Task<List<string>> RowsWithAtSignAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT tablename FROM pg_tables WHERE schemaname = 'public'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        Assert.Contains("outbox_messages", tables);
        Assert.Contains("initiatives", tables);
        var found = new List<string>();
        foreach (var table in tables)
        {
            await using var select = new NpgsqlCommand($"SELECT t::text FROM \"{table}\" t WHERE t::text LIKE '%@%'", connection);
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync()) found.Add(table + ": " + reader.GetString(0));
        }
        return found;
    }
}
