using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Playwright;

namespace Web.Tests;

/// <summary>
/// The first results page is light (a slow phone connection is common among the people looking for a group) and
/// private: a search is health data, so nothing of it leaves the site, no cookie follows the visitor.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class LightAndPrivateTests(WebFixture web)
{
    private const int Budget = 60 * 1024;

    [Fact]
    public async Task The_first_results_page_weighs_at_most_60_KB_as_sent_loads_nothing_from_elsewhere_and_sets_no_cookie()
    {
        await using var context = await web.NewContextAsync();
        var page = await context.NewPageAsync();

        // What the network really carried (compressed bodies plus headers), per request, from the DevTools protocol.
        var session = await context.NewCDPSessionAsync(page);
        var types = new ConcurrentDictionary<string, (string Url, string Type)>();
        var sizes = new ConcurrentDictionary<string, double>();
        session.Event("Network.responseReceived").OnEvent += (_, e) =>
        {
            if (e is not { } json) return;
            types[json.GetProperty("requestId").GetString()!] =
                (json.GetProperty("response").GetProperty("url").GetString()!, json.GetProperty("type").GetString()!);
        };
        session.Event("Network.loadingFinished").OnEvent += (_, e) =>
        {
            if (e is not { } json) return;
            sizes[json.GetProperty("requestId").GetString()!] = json.GetProperty("encodedDataLength").GetDouble();
        };
        await session.SendAsync("Network.enable");

        var responses = new ConcurrentBag<IResponse>();
        page.Response += (_, r) => responses.Add(r);
        var requests = new ConcurrentBag<string>();
        page.Request += (_, r) => requests.Add(r.Url);

        var answer = await page.GotoAsync("/?q=Depression", new() { WaitUntil = WaitUntilState.NetworkIdle });
        Assert.Equal(200, answer!.Status);

        // Only the gateway is asked for anything.
        var elsewhere = requests.Where(u => !u.StartsWith("data:", StringComparison.Ordinal)
            && new Uri(u).GetLeftPart(UriPartial.Authority) != web.Gateway.GetLeftPart(UriPartial.Authority)).ToList();
        Assert.True(elsewhere.Count == 0, "Requests to other hosts: " + string.Join(", ", elsewhere));

        // Every stylesheet and script arrived with a body (a compressed variant may not be empty).
        foreach (var r in responses.Where(r => r.Request.ResourceType is "stylesheet" or "script"))
        {
            Assert.Equal(200, r.Status);
            Assert.True((await r.BodyAsync()).Length > 0, $"{r.Url} arrived empty (content-encoding {await r.HeaderValueAsync("content-encoding")}).");
        }

        // HTML, CSS and script together, as sent.
        await Eventually.TrueAsync(() => Task.FromResult(types.Keys.All(sizes.ContainsKey)), TimeSpan.FromSeconds(5));
        var counted = types.Where(t => t.Value.Type is "Document" or "Stylesheet" or "Script")
            .Select(t => (t.Value.Url, Bytes: sizes.GetValueOrDefault(t.Key))).ToList();
        var total = counted.Sum(c => c.Bytes);
        Assert.True(total <= Budget, $"The first results page transferred {total:0} bytes of HTML, CSS and script (budget {Budget}): "
            + string.Join(", ", counted.Select(c => $"{c.Url} {c.Bytes:0}")));
        Assert.Contains(counted, c => c.Url.Contains("q=Depression", StringComparison.Ordinal));

        // No cookie.
        var cookies = await context.CookiesAsync();
        Assert.True(cookies.Count == 0, "Cookies set: " + string.Join(", ", cookies.Select(c => c.Name)));
    }

    [Fact]
    public async Task Pages_send_no_referrer_no_sniffing_and_a_strict_content_security_policy()
    {
        await using var context = await web.NewContextAsync();
        var page = await context.NewPageAsync();
        var answer = await page.GotoAsync("/?q=Depression");
        var headers = await answer!.AllHeadersAsync();

        Assert.Equal("no-referrer", headers.GetValueOrDefault("referrer-policy"));
        Assert.Equal("nosniff", headers.GetValueOrDefault("x-content-type-options"));
        var csp = Directives(headers.GetValueOrDefault("content-security-policy"));
        Assert.True(csp.TryGetValue("script-src", out var scripts), "The CSP has no script-src.");
        Assert.DoesNotContain("'unsafe-inline'", scripts);
        Assert.DoesNotContain("'unsafe-eval'", scripts);
        Assert.Equal(["'none'"], csp.GetValueOrDefault("frame-ancestors") ?? []);
    }

    [Fact]
    public async Task An_embeddable_list_may_be_framed_by_other_sites()
    {
        await using var context = await web.NewContextAsync();
        var page = await context.NewPageAsync();
        var answer = await page.GotoAsync("/embed/kontaktstellen/sekiz-potsdam");
        Assert.Equal(200, answer!.Status);
        var headers = await answer.AllHeadersAsync();
        var csp = Directives(headers.GetValueOrDefault("content-security-policy"));
        Assert.True(csp.TryGetValue("frame-ancestors", out var ancestors), "The embeddable list's CSP names no frame-ancestors.");
        Assert.DoesNotContain("'none'", ancestors);
        Assert.False(headers.ContainsKey("x-frame-options"), "X-Frame-Options would forbid the framing the CSP allows.");
        Assert.Equal("no-referrer", headers.GetValueOrDefault("referrer-policy"));
    }

    private static Dictionary<string, string[]> Directives(string? policy)
    {
        Assert.False(string.IsNullOrEmpty(policy), "No Content-Security-Policy header.");
        return policy!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(d => d[0].ToLowerInvariant(), d => d[1..]);
    }
}
