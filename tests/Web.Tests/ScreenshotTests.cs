namespace Web.Tests;

/// <summary>Pictures of the finder and a group page for the README (docs/screenshots), taken from the real site.</summary>
[Collection(WebCollection.Name)]
public sealed class ScreenshotTests(WebFixture web)
{
    [Fact]
    public async Task The_finder_and_a_group_page_are_photographed_for_the_README()
    {
        var folder = Path.Combine(RepoRoot.Path, "docs", "screenshots");
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
