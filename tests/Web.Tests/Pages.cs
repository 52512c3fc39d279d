using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Web.Tests;

/// <summary>What the tests do on pages, as a visitor would.</summary>
internal static class Pages
{
    /// <summary>The path in the given language: German at the root, English under /en.</summary>
    public static string InLanguage(string path, string language) => language == "en"
        ? "/en" + (path.StartsWith('/') ? path : "/" + path)
        : path;

    /// <summary>
    /// Runs <paramref name="action"/> (a click, an Enter) and waits until the page it leads to has loaded. Works with
    /// and without JavaScript, for GET links and POST forms alike.
    /// </summary>
    public static async Task<IResponse> NavigateByAsync(IPage page, Func<Task> action)
    {
        // The answer arrives before the new document replaces the old one: wait for both, then for its load.
        IResponse? answer = null;
        var committed = new TaskCompletionSource<IResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnResponse(object? sender, IResponse r)
        {
            if (r.Request.IsNavigationRequest && r.Frame == page.MainFrame && r.Status is < 300 or >= 400) answer = r;
        }
        void OnNavigated(object? sender, IFrame frame)
        {
            if (frame == page.MainFrame && answer is not null) committed.TrySetResult(answer);
        }
        page.Response += OnResponse;
        page.FrameNavigated += OnNavigated;
        try
        {
            await action();
            var done = await Task.WhenAny(committed.Task, Task.Delay(TimeSpan.FromSeconds(30)));
            Assert.True(done == committed.Task, $"No new page was loaded within 30 s (still on {page.Url}).");
            await page.WaitForLoadStateAsync(LoadState.Load);
            return await committed.Task;
        }
        finally
        {
            page.Response -= OnResponse;
            page.FrameNavigated -= OnNavigated;
        }
    }

    /// <summary>Presses Tab until the focused element matches <paramref name="selector"/> (CSS); fails after many tabs.</summary>
    public static async Task TabToAsync(IPage page, string selector, int maxTabs = 200)
    {
        for (var i = 0; i < maxTabs; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>("s => !!document.activeElement && document.activeElement.matches(s)", selector)) return;
        }
        Assert.Fail($"No element matching '{selector}' was reached with {maxTabs} presses of Tab on {page.Url}.");
    }

    /// <summary>Whether the focused element shows a visible outline (focus must be visible for keyboard users).</summary>
    public static Task<string> FocusOutlineAsync(IPage page) => page.EvaluateAsync<string>("""
        () => { const s = getComputedStyle(document.activeElement); return s.outlineStyle + " " + s.outlineWidth; }
        """);

    public static async Task AssertFocusVisibleAsync(IPage page)
    {
        var outline = await FocusOutlineAsync(page);
        var what = await page.EvaluateAsync<string>("() => document.activeElement.outerHTML.slice(0, 200)");
        Assert.False(outline.StartsWith("none", StringComparison.Ordinal) || outline.EndsWith(" 0px", StringComparison.Ordinal),
            $"The focused element shows no outline ({outline}): {what}");
    }

    /// <summary>The id of the focused element and its tag, e.g. "H1#" or "MAIN#main".</summary>
    public static Task<string> FocusedAsync(IPage page) =>
        page.EvaluateAsync<string>("() => document.activeElement ? document.activeElement.tagName + '#' + document.activeElement.id : ''");

    /// <summary>The first link in main to a group page (a result of the finder).</summary>
    public static ILocator FirstGroupLink(IPage page) => page.Locator("main a[href*='gruppen/']").First;

    /// <summary>The finder's search field.</summary>
    public static ILocator SearchField(IPage page) => page.Locator("main form input[name='q']").First;

    /// <summary>A search with more results than one page holds (every demo group says it is an exchange).</summary>
    public const string ManyResults = "/?q=Austausch";

    /// <summary>The link to the next page of results.</summary>
    public static ILocator NextPageLink(IPage page) => page.Locator("main a[rel='next']").First;

    /// <summary>The form on a page that asks for an e-mail address (subscription, management link).</summary>
    public static ILocator MailForm(IPage page) => page.Locator("main form:has(input[type='email'])").First;

    public static ILocator SubmitButton(ILocator form) => form.Locator("button[type='submit'], button:not([type]), input[type='submit']").First;

    /// <summary>
    /// Submits <paramref name="form"/> with whatever it holds, skipping the browser's own checks (required, type=email):
    /// the server's error state is what is being tested.
    /// </summary>
    public static async Task SubmitWithoutBrowserChecksAsync(IPage page, ILocator form)
    {
        await form.EvaluateAsync("f => f.noValidate = true");
        await NavigateByAsync(page, () => SubmitButton(form).ClickAsync());
    }

    /// <summary>The text of the page's status messages and notices (confirmations, results counts).</summary>
    public static async Task<string> NoticesAsync(IPage page)
    {
        var texts = await page.Locator("main [role='status'], main .notice").AllInnerTextsAsync();
        return string.Join(" | ", texts);
    }

    public static readonly Regex Unsubscribe = new("abmelden|abbestellen|beenden|unsubscribe", RegexOptions.IgnoreCase);
}
