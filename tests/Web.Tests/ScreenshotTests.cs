namespace Web.Tests;

/// <summary>
/// Pictures of the finder and a group page, taken from the real site; with UPDATE_SCREENSHOTS=1 they renew the README's
/// (docs/screenshots).
/// </summary>
[Collection(WebCollection.Name)]
public sealed class ScreenshotTests(WebFixture web)
{
    [Fact]
    public async Task The_finder_and_a_group_page_are_photographed_for_the_README()
    {
        // The README's pictures are renewed on request (UPDATE_SCREENSHOTS=1), so a test run leaves the work tree clean.
        var folder = Environment.GetEnvironmentVariable("UPDATE_SCREENSHOTS") == "1"
            ? Path.Combine(RepoRoot.Path, "docs", "screenshots")
            : Path.Combine(Path.GetTempPath(), "selbsthilfe-screenshots");
        Directory.CreateDirectory(folder);
        await using var context = await web.Browser.NewContextAsync(new()
        {
            BaseURL = web.Gateway.ToString(),
            ViewportSize = new() { Width = 1280, Height = 1000 },
            Locale = "de-DE",
        });
        var page = await context.NewPageAsync();

        var answer = await page.GotoAsync("/?q=Depression");
        Assert.Equal(200, answer!.Status);
        var finder = Path.Combine(folder, "finder.png");
        await page.ScreenshotAsync(new() { Path = finder });

        var group = Pages.FirstGroupLink(page);
        Assert.True(await group.CountAsync() > 0, $"{page.Url} lists no group to photograph.");
        answer = await Pages.NavigateByAsync(page, () => group.ClickAsync());
        Assert.Equal(200, answer.Status);
        var groupShot = Path.Combine(folder, "group.png");
        await page.ScreenshotAsync(new() { Path = groupShot, FullPage = true });

        Assert.True(new FileInfo(finder).Length > 0 && new FileInfo(groupShot).Length > 0);
    }
}
