using Xunit.Abstractions;
using Microsoft.Playwright;

namespace Web.Tests;

/// <summary>
/// Runs before every other test collection (see <see cref="LaunchFirst"/>): when chromium cannot start, this says so
/// plainly instead of every page test failing in its own way.
/// </summary>
[Collection(Name)]
public sealed class BrowserLaunchTests
{
    public const string Name = "browser launch";

    [Fact]
    public async Task Debians_chromium_launches_and_opens_a_blank_page()
    {
        var (playwright, browser) = await Chromium.LaunchAsync();
        try
        {
            var page = await browser.NewPageAsync();
            await page.GotoAsync("about:blank");
            Assert.Equal("about:blank", page.Url);
            Assert.Equal(2, await page.EvaluateAsync<int>("() => 1 + 1"));
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }
}

[CollectionDefinition(BrowserLaunchTests.Name)]
public sealed class BrowserLaunchCollection;

/// <summary>Orders the browser launch test first, the rest by name (so a run's order is stable).</summary>
public sealed class LaunchFirst : ITestCollectionOrderer
{
    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(c => c.DisplayName.Contains(BrowserLaunchTests.Name, StringComparison.Ordinal) ? 0 : 1)
            .ThenBy(c => c.DisplayName, StringComparer.Ordinal);
}
