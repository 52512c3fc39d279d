using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Web.Tests;

/// <summary>The whole way from the search to unsubscribing with the keyboard alone (Tab, Enter, typing).</summary>
[Collection(WebCollection.Name)]
public sealed class KeyboardTests(WebFixture web)
{
    [Fact]
    public async Task A_keyboard_user_finds_a_group_subscribes_confirms_and_unsubscribes()
    {
        await using var context = await web.NewContextAsync();
        var page = await context.NewPageAsync();
        var address = $"e2e-{Guid.NewGuid():N}@example.org";
        await page.GotoAsync("/");

        // The first Tab stop is the skip link; it is visibly focused and takes focus to main.
        await page.Keyboard.PressAsync("Tab");
        Assert.True(await page.EvaluateAsync<bool>("() => document.activeElement.classList.contains('skip-link')"),
            $"The first Tab stop should be the skip link, not {await Pages.FocusedAsync(page)}.");
        await Pages.AssertFocusVisibleAsync(page);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForFunctionAsync("() => document.activeElement && document.activeElement.id === 'main'");

        // Search.
        await Pages.TabToAsync(page, "input[name='q']");
        await Pages.AssertFocusVisibleAsync(page);
        await page.Keyboard.TypeAsync("Depression");
        await Pages.NavigateByAsync(page, () => page.Keyboard.PressAsync("Enter"));
        await AssertFocusOnHeadingAsync(page);

        // The filters come in groups, each a fieldset with a legend.
        var ungrouped = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll("main input[type=checkbox], main input[type=radio]")]
                .filter(i => { const f = i.closest("fieldset"); return !f || !f.querySelector(":scope > legend"); })
                .map(i => i.outerHTML.slice(0, 160))
            """);
        Assert.True(ungrouped.Length == 0, "Choices outside a fieldset with a legend: " + string.Join("\n", ungrouped));
        Assert.True(await page.Locator("main fieldset > legend").CountAsync() > 0, $"{page.Url} has no filter group (fieldset with legend).");

        // Open the first group.
        await Pages.TabToAsync(page, "main a[href*='gruppen/']");
        await Pages.AssertFocusVisibleAsync(page);
        await Pages.NavigateByAsync(page, () => page.Keyboard.PressAsync("Enter"));
        Assert.Contains("/gruppen/", page.Url, StringComparison.Ordinal);
        await AssertFocusOnHeadingAsync(page);

        // Subscribe.
        await Pages.TabToAsync(page, "main form input[type='email']");
        await Pages.AssertFocusVisibleAsync(page);
        await page.Keyboard.TypeAsync(address);
        await Pages.TabToAsync(page, "main form:has(input[type='email']) button");
        await Pages.AssertFocusVisibleAsync(page);
        await Pages.NavigateByAsync(page, () => page.Keyboard.PressAsync("Enter"));
        Assert.Matches(new Regex("E-Mail", RegexOptions.IgnoreCase), await Pages.NoticesAsync(page));

        // Confirm (the mail's link is opened as a mail program would), then manage and unsubscribe.
        await SubscriptionJourneyTests.ConfirmFromMailAsync(web, page, address, keyboard: true);
        await SubscriptionJourneyTests.OpenManagementPageAsync(web, page, address);
        await TabToUnsubscribeAsync(page);
        await Pages.AssertFocusVisibleAsync(page);
        await Pages.NavigateByAsync(page, () => page.Keyboard.PressAsync("Enter"));
        Assert.Matches(new Regex("abgemeldet", RegexOptions.IgnoreCase), await Pages.NoticesAsync(page));
    }

    /// <summary>After moving to another page of the site, focus starts on that page's heading (site.js).</summary>
    private static async Task AssertFocusOnHeadingAsync(IPage page)
    {
        try
        {
            await page.WaitForFunctionAsync("() => document.activeElement && document.activeElement.matches('main h1')", null,
                new() { Timeout = 5000 });
        }
        catch (PlaywrightException)
        {
            Assert.Fail($"On {page.Url} focus should start on the h1, not {await Pages.FocusedAsync(page)}.");
        }
    }

    private static async Task TabToUnsubscribeAsync(IPage page)
    {
        for (var i = 0; i < 200; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var text = await page.EvaluateAsync<string>(
                "() => document.activeElement && document.activeElement.matches('button, input[type=submit]') ? (document.activeElement.innerText || document.activeElement.value) : ''");
            if (Pages.Unsubscribe.IsMatch(text)) return;
        }
        Assert.Fail($"No unsubscribe button reached with Tab on {page.Url}.");
    }
}
