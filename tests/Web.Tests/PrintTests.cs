using Microsoft.Playwright;

namespace Web.Tests;

/// <summary>Result lists and group pages print on paper without navigation, footer and forms.</summary>
[Collection(WebCollection.Name)]
public sealed class PrintTests(WebFixture web)
{
    [Theory]
    [InlineData("/?q=Depression")]
    [InlineData("/gruppen/{group}")]
    public async Task A_printed_page_shows_the_content_without_navigation_and_forms(string route)
    {
        await using var context = await web.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(route.Replace("{group}", web.DemoGroup.ToString(), StringComparison.Ordinal));
        await page.EmulateMediaAsync(new() { Media = Media.Print });

        Assert.True(await page.Locator("main h1").IsVisibleAsync(), "the heading should print");
        foreach (var hidden in new[] { ".main-nav", ".site-footer", ".skip-link", "main form" })
        {
            var shown = await page.Locator(hidden).EvaluateAllAsync<int>("els => els.filter(e => e.offsetParent !== null || getComputedStyle(e).display !== 'none').length");
            Assert.True(shown == 0, $"{hidden} should not print on {page.Url}");
        }
    }
}
