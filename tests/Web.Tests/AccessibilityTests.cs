using Microsoft.Playwright;

namespace Web.Tests;

/// <summary>
/// axe-core (WCAG 2.0/2.1/2.2 A and AA rules) finds nothing on any page, in German and English, on a phone (320 px)
/// and a desktop (1280 px), including the empty, error and not-found states.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class AccessibilityTests(WebFixture web)
{
    // Pages that are reached by doing something rather than by an address.
    private const string ResultsPage2 = "page 2 of the results for Austausch";
    private const string EmptySubscription = "a group page's subscription form sent empty";
    private const string EmptyPeerSearch = "the peer-search form sent empty";
    private const string ManageLinkWithoutAt = "the management-link form sent with 'kein-at'";
    private const string DemoGroup = "/gruppen/{group}";

    /// <summary>Each page with the status it must answer with (null: any below 500, e.g. pages behind an invalid mail link).</summary>
    private static readonly (string Route, int? Status)[] Routes =
    [
        ("/", 200),
        ("/?q=Depression", 200),
        ("/?q=xyzxyzxyz", 200),
        ("/?ort=abc&umkreis=-5", 400),
        (ResultsPage2, 200),
        (DemoGroup, 200),
        ("/gruppen/00000000-0000-0000-0000-000000000000", 404),
        ("/nirgendwo", 404),
        ("/kontaktstellen", 200),
        ("/kontaktstellen/sekiz-potsdam", 200),
        ("/kontaktstellen/unbekannt", 404),
        ("/embed/kontaktstellen/sekiz-potsdam", 200),
        ("/embed/themen/depression", 200),
        ("/gleichbetroffene", 200),
        ("/gleichbetroffene/neu", 200),
        ("/ueber", 200),
        ("/leichte-sprache", 200),
        ("/barrierefreiheit", 200),
        ("/impressum", 200),
        ("/datenschutz", 200),
        ("/bestaetigen?token=invalid", null),
        ("/verwalten?token=invalid", null),
        ("/verwalten/link", 200),
        ("/abmelden?token=invalid", null),
        ("/kontakt/bestaetigen?token=invalid", null),
        ("/verwalten/export?token=invalid", null),
        ("/verwalten/loeschen?token=invalid", null),
        (EmptySubscription, null),
        (EmptyPeerSearch, null),
        (ManageLinkWithoutAt, null),
    ];

    public static TheoryData<string, string, int> PagesInBothLanguagesAndWidths()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var (route, _) in Routes)
        foreach (var language in new[] { "de", "en" })
        foreach (var width in new[] { 320, 1280 })
        {
            data.Add(route, language, width);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(PagesInBothLanguagesAndWidths))]
    public async Task Every_page_has_no_accessibility_violations(string route, string language, int width)
    {
        await using var context = await web.NewContextAsync(width);
        var page = await context.NewPageAsync();
        var status = await OpenAsync(page, route, language);
        var expected = Routes.Single(r => r.Route == route).Status;
        if (expected is { } code) Assert.True(status == code, $"{page.Url} answered {status}, expected {code}.");
        else Assert.True(status < 500, $"{page.Url} answered {status}.");

        await Axe.AssertNoViolationsAsync(page, width);
    }

    /// <summary>Opens the page behind <paramref name="route"/> and returns the status of the answer shown.</summary>
    private async Task<int> OpenAsync(IPage page, string route, string language)
    {
        switch (route)
        {
            case ResultsPage2:
            {
                await page.GotoAsync(Pages.InLanguage(Pages.ManyResults, language));
                var next = Pages.NextPageLink(page);
                Assert.True(await next.CountAsync() > 0, $"{page.Url} has no link to a next page (a link with rel=next).");
                return (await Pages.NavigateByAsync(page, () => next.ClickAsync())).Status;
            }
            case EmptySubscription:
            {
                await page.GotoAsync(Pages.InLanguage($"/gruppen/{web.DemoGroup}", language));
                var form = Pages.MailForm(page);
                Assert.True(await form.CountAsync() > 0, $"{page.Url} has no subscription form (a form with an e-mail field).");
                await Pages.SubmitWithoutBrowserChecksAsync(page, form);
                await AssertErrorStateAsync(page);
                return 200;
            }
            case EmptyPeerSearch:
            {
                await page.GotoAsync(Pages.InLanguage("/gleichbetroffene/neu", language));
                var form = page.Locator("main form[method='post'], main form[method='POST']").First;
                Assert.True(await form.CountAsync() > 0, $"{page.Url} has no form to post.");
                await Pages.SubmitWithoutBrowserChecksAsync(page, form);
                await AssertErrorStateAsync(page);
                return 200;
            }
            case ManageLinkWithoutAt:
            {
                await page.GotoAsync(Pages.InLanguage("/verwalten/link", language));
                var form = Pages.MailForm(page);
                Assert.True(await form.CountAsync() > 0, $"{page.Url} has no form with an e-mail field.");
                await form.Locator("input[type='email']").FillAsync("kein-at");
                await Pages.SubmitWithoutBrowserChecksAsync(page, form);
                await AssertErrorStateAsync(page);
                return 200;
            }
            default:
            {
                var response = await page.GotoAsync(Pages.InLanguage(route.Replace("{group}", web.DemoGroup.ToString(), StringComparison.Ordinal), language));
                return response!.Status;
            }
        }
    }

    /// <summary>A form sent with errors shows the summary at the top and marks the fields (the site's convention).</summary>
    private static async Task AssertErrorStateAsync(IPage page)
    {
        Assert.True(await page.Locator(".error-summary").CountAsync() > 0, $"{page.Url}: no .error-summary after sending the form with errors.");
        Assert.True(await page.Locator("[aria-invalid='true']").CountAsync() > 0, $"{page.Url}: no field is marked aria-invalid.");
    }
}
