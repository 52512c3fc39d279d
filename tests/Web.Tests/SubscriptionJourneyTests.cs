using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Web.Tests;

/// <summary>
/// End to end through the gateway, with and without JavaScript: find a group, ask for meeting reminders, confirm from
/// the mail, open the management page and unsubscribe.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class SubscriptionJourneyTests(WebFixture web)
{
    /// <summary>axe runs in the page's script: it checks the journey's pages where script is on.</summary>
    [Theory]
    [InlineData(true, 1280)]
    [InlineData(true, 320)]
    [InlineData(false, 1280)]
    public async Task A_visitor_finds_a_group_subscribes_confirms_from_the_mail_and_unsubscribes(bool javaScript, int width)
    {
        await using var context = await web.NewContextAsync(width, javaScript);
        int? axe = javaScript ? width : null;
        var page = await context.NewPageAsync();
        var address = $"e2e-{Guid.NewGuid():N}@example.org";

        // Find.
        await page.GotoAsync("/");
        await Pages.SearchField(page).FillAsync("Depression");
        await Pages.NavigateByAsync(page, () => Pages.SearchField(page).PressAsync("Enter"));
        var group = Pages.FirstGroupLink(page);
        Assert.True(await group.CountAsync() > 0, $"{page.Url} lists no group for Depression.");
        await Pages.NavigateByAsync(page, () => group.ClickAsync());
        Assert.Contains("/gruppen/", page.Url, StringComparison.Ordinal);

        // Subscribe.
        var form = Pages.MailForm(page);
        await form.Locator("input[type='email']").FillAsync(address);
        var answer = await Pages.NavigateByAsync(page, () => Pages.SubmitButton(form).ClickAsync());
        Assert.Equal(200, answer.Status);
        Assert.Matches(new Regex("E-Mail", RegexOptions.IgnoreCase), await Pages.NoticesAsync(page));
        await AxeAsync(page, axe);

        // Confirm from the mail: the link shows a button (a GET changes nothing), the button confirms.
        await ConfirmFromMailAsync(web, page, address, axeWidth: axe);

        // Manage: the pages behind a valid link pass axe too (the address-wide tests only reach their error states).
        await OpenManagementPageAsync(web, page, address);
        await AxeAsync(page, axe);
        var manage = page.Url;
        foreach (var (path, what) in new[] { ("verwalten/export", "Ihre Daten|gespeichert"), ("verwalten/loeschen", "löschen") })
        {
            var other = await page.GotoAsync(manage.Replace("/verwalten?", $"/{path}?", StringComparison.Ordinal));
            Assert.Equal(200, other!.Status);
            Assert.Matches(new Regex(what, RegexOptions.IgnoreCase), await page.Locator("main").InnerTextAsync());
            await AxeAsync(page, axe);
        }
        await page.GotoAsync(manage);

        // Unsubscribe.
        var unsubscribe = page.GetByRole(AriaRole.Button, new() { NameRegex = Pages.Unsubscribe }).First;
        Assert.True(await unsubscribe.CountAsync() > 0, $"{page.Url} offers no button to unsubscribe.");
        answer = await Pages.NavigateByAsync(page, () => unsubscribe.ClickAsync());
        Assert.Equal(200, answer.Status);
        Assert.Matches(new Regex("abgemeldet", RegexOptions.IgnoreCase), await Pages.NoticesAsync(page));
        await AxeAsync(page, axe);

        // Leave without a trace (GDPR Art. 17): the erase page asks first, its button erases.
        await page.GotoAsync(manage.Replace("/verwalten?", "/verwalten/loeschen?", StringComparison.Ordinal));
        var erase = page.Locator("main form button.danger").First;
        answer = await Pages.NavigateByAsync(page, () => erase.ClickAsync());
        Assert.Equal(200, answer.Status);
        Assert.Matches(new Regex("gelöscht", RegexOptions.IgnoreCase), await page.Locator("main h1").InnerTextAsync());
        await AxeAsync(page, axe);
        var export = await page.GotoAsync(manage.Replace("/verwalten?", "/verwalten/export?", StringComparison.Ordinal));
        Assert.Equal(400, export!.Status);
        Assert.DoesNotContain(address, await page.ContentAsync(), StringComparison.OrdinalIgnoreCase);
    }

    private static Task AxeAsync(IPage page, int? width) => width is { } w ? Axe.AssertNoViolationsAsync(page, w) : Task.CompletedTask;

    /// <summary>Opens the confirmation mail's link, checks it changed nothing yet, and presses the button.</summary>
    internal static async Task ConfirmFromMailAsync(WebFixture web, IPage page, string address, bool keyboard = false, int? axeWidth = null)
    {
        using var sink = web.Platform.CreateMailSinkClient();
        var mail = await MailSinkMails.WaitForAsync(sink, address, m => MailSinkMails.Link(m, "/bestaetigen", web.Gateway) is not null);
        var link = MailSinkMails.Link(mail, "/bestaetigen", web.Gateway)!;
        var answer = await page.GotoAsync(link.ToString());
        Assert.Equal(200, answer!.Status);
        Assert.Equal(1, await page.Locator("main h1").CountAsync());
        if (axeWidth is { } before) await Axe.AssertNoViolationsAsync(page, before);
        var button = page.Locator("main form").Locator("button[type='submit'], button:not([type])").First;
        if (keyboard)
        {
            await Pages.TabToAsync(page, "main form button");
            answer = await Pages.NavigateByAsync(page, () => page.Keyboard.PressAsync("Enter"));
        }
        else
        {
            answer = await Pages.NavigateByAsync(page, () => button.ClickAsync());
        }
        Assert.Equal(200, answer.Status);
        Assert.Matches(new Regex("bestätigt|Ab jetzt erhalten Sie", RegexOptions.IgnoreCase), await Pages.NoticesAsync(page));
        if (axeWidth is { } after) await Axe.AssertNoViolationsAsync(page, after);
    }

    /// <summary>
    /// The management page: by the link on the confirmation page when it offers one, else by asking for a management
    /// link on /verwalten/link and following the mail's link.
    /// </summary>
    internal static async Task OpenManagementPageAsync(WebFixture web, IPage page, string address)
    {
        var direct = page.Locator("main a[href*='verwalten?token=']").First;
        if (await direct.CountAsync() > 0)
        {
            await Pages.NavigateByAsync(page, () => direct.ClickAsync());
        }
        else
        {
            await page.GotoAsync("/verwalten/link");
            var form = Pages.MailForm(page);
            await form.Locator("input[type='email']").FillAsync(address);
            var sent = await Pages.NavigateByAsync(page, () => Pages.SubmitButton(form).ClickAsync());
            Assert.Equal(200, sent.Status);
            Assert.Matches(new Regex("E-Mail", RegexOptions.IgnoreCase), await Pages.NoticesAsync(page));
            using var sink = web.Platform.CreateMailSinkClient();
            var mail = await MailSinkMails.WaitForAsync(sink, address, m => MailSinkMails.Link(m, "/verwalten", web.Gateway) is not null);
            var answer = await page.GotoAsync(MailSinkMails.Link(mail, "/verwalten", web.Gateway)!.ToString());
            Assert.Equal(200, answer!.Status);
        }
        Assert.Contains("/verwalten", page.Url, StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator("main h1").CountAsync());
    }
}
