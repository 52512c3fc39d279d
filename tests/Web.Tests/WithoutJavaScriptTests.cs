using Microsoft.Playwright;

namespace Web.Tests;

/// <summary>The finder works with JavaScript switched off: GET forms, links and server-rendered pages only.</summary>
[Collection(WebCollection.Name)]
public sealed class WithoutJavaScriptTests(WebFixture web)
{
    [Fact]
    public async Task Searching_filtering_paging_and_opening_a_group_work_without_JavaScript()
    {
        await using var context = await web.NewContextAsync(javaScript: false);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");

        // Search: type and send the GET form.
        var field = Pages.SearchField(page);
        await field.FillAsync("Depression");
        await Pages.NavigateByAsync(page, () => field.PressAsync("Enter"));
        Assert.Contains("q=Depression", page.Url, StringComparison.Ordinal);
        Assert.True(await Pages.FirstGroupLink(page).CountAsync() > 0, $"{page.Url} lists no group.");
        Assert.Equal("Depression", await Pages.SearchField(page).InputValueAsync());

        // A filter: open the filters when they are folded away (details work without script), tick the first box not
        // yet ticked and send the form again.
        var folded = page.Locator("main details:has(fieldset):not([open]) > summary").First;
        if (await folded.CountAsync() > 0) await folded.ClickAsync();
        var choice = page.Locator("main form fieldset input[type='checkbox']:not(:checked)").First;
        Assert.True(await choice.CountAsync() > 0, $"{page.Url} offers no filter (a checkbox in a fieldset).");
        var name = await choice.GetAttributeAsync("name");
        var value = await choice.GetAttributeAsync("value");
        await choice.CheckAsync();
        var form = page.Locator("main form:has(fieldset)").First;
        await Pages.NavigateByAsync(page, () => Pages.SubmitButton(form).ClickAsync());
        Assert.Contains($"{name}={Uri.EscapeDataString(value ?? "on")}", page.Url, StringComparison.Ordinal);
        Assert.True(await page.Locator($"main input[name='{name}'][value='{value}']").IsCheckedAsync(), "the chosen filter should stay ticked");
        Assert.Contains("q=Depression", page.Url, StringComparison.Ordinal);

        // The next page of a search with many results.
        await page.GotoAsync(Pages.ManyResults);
        var firstOnPage1 = await Pages.FirstGroupLink(page).GetAttributeAsync("href");
        var next = Pages.NextPageLink(page);
        Assert.True(await next.CountAsync() > 0, $"{page.Url} has no link to the next page.");
        var answer = await Pages.NavigateByAsync(page, () => next.ClickAsync());
        Assert.Equal(200, answer.Status);
        Assert.Contains("weiter=", page.Url, StringComparison.Ordinal);
        Assert.True(await Pages.FirstGroupLink(page).CountAsync() > 0, $"{page.Url} lists no group.");
        Assert.NotEqual(firstOnPage1, await Pages.FirstGroupLink(page).GetAttributeAsync("href"));

        // A group's page.
        var group = Pages.FirstGroupLink(page);
        var groupName = (await group.InnerTextAsync()).Trim();
        answer = await Pages.NavigateByAsync(page, () => group.ClickAsync());
        Assert.Equal(200, answer.Status);
        Assert.Contains("/gruppen/", page.Url, StringComparison.Ordinal);
        Assert.Contains(groupName, await page.Locator("main h1").InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await Pages.MailForm(page).CountAsync() > 0, "a group's page offers meeting reminders by mail");
    }
}
