using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Web.Tests;

/// <summary>
/// "Gleichbetroffene gesucht" without JavaScript: a person posts a search and confirms the address from the mail; the
/// region's office releases the text; another person finds it on the site and shows interest. No address appears on
/// any page.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class PeerSearchJourneyTests(WebFixture web)
{
    [Fact]
    public async Task A_peer_search_is_posted_confirmed_released_and_answered_without_JavaScript()
    {
        await using var context = await web.NewContextAsync(320, javaScript: false);
        var page = await context.NewPageAsync();
        var poster = $"peer-{Guid.NewGuid():N}@example.org";
        var text = $"Ich suche andere Eltern, deren Kind eine seltene Stoffwechselerkrankung hat. ({Guid.NewGuid():N})";

        // Post.
        await page.GotoAsync("/gleichbetroffene/neu");
        var form = page.Locator("main form[method='post']").First;
        await form.Locator("select[name='thema']").SelectOptionAsync("depression");
        await form.Locator("input[name='plz']").FillAsync("14467");
        await form.Locator("textarea[name='text']").FillAsync(text);
        await form.Locator("input[name='email']").FillAsync(poster);
        var answer = await Pages.NavigateByAsync(page, () => Pages.SubmitButton(form).ClickAsync());
        Assert.Equal(200, answer.Status);
        Assert.Matches(new Regex("E-Mail", RegexOptions.IgnoreCase), await Pages.NoticesAsync(page));
        Assert.DoesNotContain(poster, await page.ContentAsync(), StringComparison.OrdinalIgnoreCase);

        // Confirm the address from the mail: the link shows a button, the button confirms.
        using var sink = web.Platform.CreateMailSinkClient();
        var mail = await MailSinkMails.WaitForAsync(sink, poster, m => MailSinkMails.Link(m, "/kontakt/bestaetigen", web.Gateway) is not null);
        answer = (await page.GotoAsync(MailSinkMails.Link(mail, "/kontakt/bestaetigen", web.Gateway)!.ToString()))!;
        Assert.Equal(200, answer.Status);
        var confirm = page.Locator("main form").Locator("button").First;
        answer = await Pages.NavigateByAsync(page, () => confirm.ClickAsync());
        Assert.Equal(200, answer.Status);
        Assert.Matches(new Regex("Danke|bestätigt", RegexOptions.IgnoreCase), await Pages.NoticesAsync(page));

        // The office of the region (SEKIZ Potsdam serves 144…) releases it.
        using var office = web.Platform.CreateGatewayClient("sekiz-potsdam", "office-editor");
        Guid posting = default;
        await Eventually.TrueAsync(async () =>
        {
            var queue = await office.GetFromJsonAsync<JsonElement>("/api/founding/offices/sekiz-potsdam/moderation");
            var mine = queue.EnumerateArray().FirstOrDefault(p => p.GetProperty("text").GetString() == text);
            if (mine.ValueKind != JsonValueKind.Object || !mine.GetProperty("posterConfirmed").GetBoolean()) return false;
            posting = mine.GetProperty("id").GetGuid();
            return true;
        }, TimeSpan.FromSeconds(30), "the posting should wait for moderation with its poster confirmed");
        using (var released = await office.PostAsync($"/api/founding/postings/{posting}/release", null))
        {
            Assert.True(released.IsSuccessStatusCode, $"release answered {(int)released.StatusCode}");
        }

        // Someone else finds it and shows interest.
        var reader = $"peer-{Guid.NewGuid():N}@example.org";
        await page.GotoAsync("/gleichbetroffene?thema=depression");
        var link = page.Locator($"main a[href='gleichbetroffene/{posting}']").First;
        Assert.True(await link.CountAsync() > 0, $"{page.Url} does not list the released posting.");
        Assert.Contains("seltene Stoffwechselerkrankung", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await Pages.NavigateByAsync(page, () => link.ClickAsync());
        var interest = Pages.MailForm(page);
        await interest.Locator("input[type='email']").FillAsync(reader);
        answer = await Pages.NavigateByAsync(page, () => Pages.SubmitButton(interest).ClickAsync());
        Assert.Equal(200, answer.Status);
        Assert.Matches(new Regex("E-Mail", RegexOptions.IgnoreCase), await Pages.NoticesAsync(page));
        Assert.DoesNotContain(reader, await page.ContentAsync(), StringComparison.OrdinalIgnoreCase);
        await MailSinkMails.WaitForAsync(sink, reader, m => MailSinkMails.Link(m, "/kontakt/bestaetigen", web.Gateway) is not null);

        // A released search and its page pass axe (with script on, which axe needs), on a phone and a desktop.
        foreach (var width in new[] { 320, 1280 })
        {
            await using var checking = await web.NewContextAsync(width);
            var shown = await checking.NewPageAsync();
            foreach (var path in new[] { "/gleichbetroffene?thema=depression", $"/gleichbetroffene/{posting}", $"/en/gleichbetroffene/{posting}" })
            {
                Assert.Equal(200, (await shown.GotoAsync(path))!.Status);
                await Axe.AssertNoViolationsAsync(shown, width);
            }
        }
    }
}
