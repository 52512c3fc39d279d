using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Platform.Tests;

/// <summary>
/// The founding journey across Founding, Notifications, Events and Directory, through the gateway only: from a peer
/// search to a published listing with its first meeting in the calendar. Addresses stay in Notifications; the mails
/// come from the AppHost's mail sink.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class FoundingJourneyTests(PlatformFixture fixture)
{
    private const string Topic = "pflegende-angehoerige";

    [Fact]
    public async Task From_a_peer_search_to_a_published_group_with_its_first_meeting_in_the_calendar()
    {
        var office = $"kontaktstelle-{Guid.NewGuid():N}"[..30];
        using (var admin = fixture.Platform.CreateGatewayClient(null, "platform-admin"))
        {
            (await admin.PostAsJsonAsync("/api/directory/offices", new { id = office, name = "Kontaktstelle Gründung", regionPostcodePrefixes = new[] { "16" } }))
                .EnsureSuccessStatusCode();
        }
        using var staff = fixture.Platform.CreateGatewayClient(office, "office-editor");
        using var officeAdmin = fixture.Platform.CreateGatewayClient(office, "office-admin");
        using var anyone = fixture.Platform.CreateGatewayClient();
        using var sink = fixture.Platform.CreateMailSinkClient();

        var (poster, posterAddress) = await ContactAsync(anyone, sink);
        var (peer, _) = await ContactAsync(anyone, sink);
        var (otherPeer, _) = await ContactAsync(anyone, sink);

        // Founding learns of the office from the directory's OfficeRegistered; until then no office serves the postcode.
        Guid posting = default;
        await Eventually.TrueAsync(async () =>
        {
            using var created = await anyone.PostAsJsonAsync("/api/founding/postings",
                new { topic = Topic, postcode = "16225", text = "Wer pflegt auch einen Angehörigen und möchte sich austauschen?", locale = "de", contactRef = poster });
            if (created.StatusCode != HttpStatusCode.Created)
            {
                Assert.Equal(HttpStatusCode.UnprocessableEntity, created.StatusCode);
                await Task.Delay(TimeSpan.FromSeconds(1)); // the gateway limits writes per client
                return false;
            }
            posting = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            return true;
        }, TimeSpan.FromSeconds(60), "Founding should learn of the office");

        // Moderation: the text is public only after the office released it.
        Assert.Equal(HttpStatusCode.NotFound, (await anyone.GetAsync($"/api/founding/postings/{posting}")).StatusCode);
        // A posting is released only once Founding has heard (ContactConfirmed, through the broker) that its poster confirmed.
        await Eventually.TrueAsync(async () =>
        {
            using var release = await staff.PostAsync($"/api/founding/postings/{posting}/release", null);
            return release.IsSuccessStatusCode;
        }, because: "the poster's confirmation should reach Founding");
        Assert.Equal(HttpStatusCode.OK, (await anyone.GetAsync($"/api/founding/postings/{posting}")).StatusCode);
        await OkAsync(anyone.PostAsJsonAsync($"/api/founding/postings/{posting}/interest", new { contactRef = peer }));
        await OkAsync(anyone.PostAsJsonAsync($"/api/founding/postings/{posting}/interest", new { contactRef = otherPeer }));
        var interest = await MailSinkMails.WaitForAsync(sink, posterAddress, m => m.GetProperty("text").GetString()!.Contains("Jemand interessiert sich", StringComparison.Ordinal));
        Assert.DoesNotContain("@", interest.GetProperty("text").GetString()!.Split("verwalten")[0]); // nobody's address

        await OkAsync(officeAdmin.PutAsJsonAsync($"/api/founding/offices/{office}/settings", new { peerThreshold = 2 }));
        var created = await anyone.PostAsJsonAsync("/api/founding/initiatives", new { postingId = posting, initiatorContactRef = poster });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var initiative = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("initiative").GetProperty("id").GetGuid();

        // An invalid transition is refused with the allowed next states.
        var tooEarly = await staff.PostAsJsonAsync($"/api/founding/initiatives/{initiative}/founded", new { groupName = "Zu früh" });
        Assert.Equal(HttpStatusCode.Conflict, tooEarly.StatusCode);
        Assert.Equal("application/problem+json", tooEarly.Content.Headers.ContentType?.MediaType);

        await OkAsync(staff.PostAsJsonAsync($"/api/founding/initiatives/{initiative}/counselling", new { }));
        await OkAsync(staff.PostAsync($"/api/founding/initiatives/{initiative}/gathering-peers", null));
        await MailSinkMails.WaitForAsync(sink, posterAddress, m => m.GetProperty("text").GetString()!.Contains("Genug Menschen", StringComparison.Ordinal));

        var starts = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(21).AddHours(17), TimeSpan.Zero);
        await OkAsync(staff.PostAsJsonAsync($"/api/founding/initiatives/{initiative}/first-meeting", new
        {
            startsAt = starts, endsAt = starts.AddHours(2), room = "Gruppenraum", address = "Karl-Marx-Straße 1", postcode = "16225", city = "Eberswalde", online = false,
        }));
        var invitation = await MailSinkMails.WaitForAsync(sink, posterAddress, m => m.GetProperty("subject").GetString() == "Einladung zu einem ersten Treffen");
        Assert.Contains("Karl-Marx-Straße 1", invitation.GetProperty("text").GetString());
        await Eventually.TrueAsync(async () => (await anyone.GetStringAsync($"/calendars/offices/{office}.ics")).Contains("Gründungstreffen", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), "the first meeting should be in the office's calendar");

        var founded = await staff.PostAsJsonAsync($"/api/founding/initiatives/{initiative}/founded",
            new { groupName = "Gesprächskreis pflegende Angehörige Eberswalde", description = "Austausch unter Angehörigen, die pflegen." });
        var foundedBody = await founded.Content.ReadAsStringAsync();
        Assert.True(founded.IsSuccessStatusCode, foundedBody);
        var listing = JsonDocument.Parse(foundedBody).RootElement.GetProperty("listingId").GetGuid();

        // Directory made a draft for the office; publishing it makes the group and its first meeting public.
        await Eventually.TrueAsync(async () => (await staff.GetAsync($"/api/directory/listings/{listing}")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(30), "Directory should create the draft listing");
        Assert.Equal(HttpStatusCode.NotFound, (await anyone.GetAsync($"/api/directory/listings/{listing}")).StatusCode);
        await OkAsync(staff.PostAsync($"/api/directory/listings/{listing}/publish", null));
        Assert.Equal(HttpStatusCode.OK, (await anyone.GetAsync($"/api/directory/listings/{listing}")).StatusCode);
        await Eventually.TrueAsync(async () =>
        {
            using var calendar = await anyone.GetAsync($"/calendars/groups/{listing}.ics");
            return calendar.IsSuccessStatusCode && (await calendar.Content.ReadAsStringAsync()).Contains("Gründungstreffen", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(30), "the first meeting should be in the new group's calendar");
    }

    /// <summary>Registers a founding contact with Notifications and confirms it with the link from the mail sink.</summary>
    private static async Task<(Guid ContactRef, string Address)> ContactAsync(HttpClient anyone, HttpClient sink)
    {
        var address = $"gruendung-{Guid.NewGuid():N}@example.org";
        var response = await anyone.PostAsJsonAsync("/api/notifications/contacts", new { email = address, locale = "de" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var contactRef = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("contactRef").GetGuid();
        var token = MailSinkMails.Token(await MailSinkMails.WaitForAsync(sink, address));
        await OkAsync(anyone.PostAsync($"/api/notifications/contacts/confirm?token={token}", null));
        return (contactRef, address);
    }

    /// <summary>Fails with the answer's body (a ProblemDetails says what was wrong), not only its status.</summary>
    private static async Task OkAsync(Task<HttpResponseMessage> request)
    {
        using var response = await request;
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {response.RequestMessage?.RequestUri?.AbsolutePath}: {await response.Content.ReadAsStringAsync()}");
    }
}
