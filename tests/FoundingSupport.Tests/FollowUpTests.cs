using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Selbsthilfe.FoundingSupport.Api.FollowUp;
using Selbsthilfe.FoundingSupport.Contracts;
using Selbsthilfe.TestSupport;

namespace Selbsthilfe.FoundingSupport.Tests;

/// <summary>The office's follow-up three months after founding: a durable due-row, fired once, across a restart.</summary>
[Collection(FoundingCollection.Name)]
public sealed class FollowUpTests(FoundingFixture fixture)
{
    [Fact]
    public async Task Three_months_after_founding_the_office_gets_one_follow_up_task_also_across_a_restart()
    {
        // Its own service: this test moves the clock, which the shared one must not see.
        var app = new FoundingApp(fixture.Servers);
        await app.InitializeAsync();
        try
        {
            var founding = await Founding.StartAsync(app);
            var (id, _) = await founding.InitiativeAsync();
            await founding.StepAsync(id, "counselling");
            await founding.StepAsync(id, "gathering-peers");
            // Too few live near enough: the office offers an online group, which the founded group then is.
            using (var counsellor = founding.Staff())
            {
                var offer = await counsellor.PutAsJsonAsync($"/api/founding/initiatives/{id}/online-offer", new { offer = true });
                Assert.Equal(HttpStatusCode.OK, offer.StatusCode);
            }
            var founded = await founding.StepAsync(id, "founded", new { groupName = "Gruppe ohne erstes Treffen hier" });
            var listing = founded.GetProperty("listingId").GetGuid();
            Assert.True(Assert.Single(await app.RaisedAsync<InitiativeFounded>(id)).GetProperty("online").GetBoolean());

            app.Clock.Advance(TimeSpan.FromDays(80));
            Assert.Equal(0, await app.Services.GetRequiredService<FollowUpSweep>().RunAsync(default));
            app = await app.RestartAsync();
            founding = new Founding(app, founding.Office, founding.Region, founding.Topic);
            app.Clock.Advance(TimeSpan.FromDays(12)); // 24 February 2027: three months after 24 November

            var sweep = app.Services.GetRequiredService<FollowUpSweep>();
            await sweep.RunAsync(default);
            // The service's own sweep wakes on the moved clock too; claims are SKIP LOCKED, so wait for whichever ran.
            await Eventually.TrueAsync(async () => (await app.RaisedAsync<FollowUpDue>(id)).Count > 0);
            Assert.Equal(0, await sweep.RunAsync(default));
            var due = Assert.Single(await app.RaisedAsync<FollowUpDue>(id));
            Assert.Equal(listing, due.GetProperty("listingId").GetGuid());
            Assert.Equal(new DateTimeOffset(2027, 2, 24, 9, 0, 0, TimeSpan.Zero), due.GetProperty("dueAt").GetDateTimeOffset());

            using var staff = founding.Staff();
            var task = Assert.Single((await staff.GetFromJsonAsync<JsonElement>($"/api/founding/offices/{founding.Office}/tasks")).EnumerateArray());
            Assert.Equal("follow-up", task.GetProperty("kind").GetString());
            Assert.Equal(id, task.GetProperty("initiativeId").GetGuid());
            var done = await staff.PostAsync($"/api/founding/offices/{founding.Office}/tasks/{task.GetProperty("id").GetGuid()}/done", null);
            Assert.Equal(HttpStatusCode.NoContent, done.StatusCode);
            Assert.Equal(0, (await staff.GetFromJsonAsync<JsonElement>($"/api/founding/offices/{founding.Office}/tasks")).GetArrayLength());
            Assert.Equal(1, (await staff.GetFromJsonAsync<JsonElement>($"/api/founding/offices/{founding.Office}/tasks?includeDone=true")).GetArrayLength());
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}
