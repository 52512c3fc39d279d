using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Web.Tests;

/// <summary>
/// One platform (the real AppHost in local mode, with the web app behind the gateway and the demo data) and one
/// browser for every web test class; each test opens its own browser context.
/// </summary>
public sealed class WebFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private PlatformApp? _platform;

    public PlatformApp Platform => _platform ?? throw new InvalidOperationException("Platform not started.");
    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Browser not launched.");

    /// <summary>The gateway: the only address a visitor's browser talks to.</summary>
    public Uri Gateway { get; private set; } = null!;

    /// <summary>A public demo group (the directory registers them on start).</summary>
    public Guid DemoGroup { get; private set; }

    public async Task InitializeAsync()
    {
        // The browser first: a broken chromium install fails within seconds, not after the platform's start.
        (_playwright, _browser) = await Chromium.LaunchAsync();
        _platform = await PlatformApp.StartAsync(PlatformApp.NewDataDirectory(), PlatformApp.Ports.Free());
        using var gateway = _platform.CreateGatewayClient();
        Gateway = gateway.BaseAddress!;
        await Eventually.TrueAsync(async () =>
        {
            var page = await gateway.GetFromJsonAsync<JsonElement>("/api/directory/groups?limit=1");
            var items = page.GetProperty("items");
            if (items.GetArrayLength() == 0) return false;
            DemoGroup = items[0].GetProperty("id").GetGuid();
            return true;
        }, TimeSpan.FromMinutes(2), "the directory should register its demo groups on start");
        // The finder shows meetings from Events: wait until the demo group's series has arrived there too.
        await Eventually.TrueAsync(async () =>
        {
            var series = await gateway.GetFromJsonAsync<JsonElement>($"/api/events/series?listingId={DemoGroup}");
            return series.GetArrayLength() > 0;
        }, TimeSpan.FromMinutes(1), "Events should give the demo groups their meeting series");
    }

    /// <summary>A fresh context on the gateway (no cookies, no storage), <paramref name="width"/> CSS pixels wide.</summary>
    public Task<IBrowserContext> NewContextAsync(int width = 1280, bool javaScript = true) => Browser.NewContextAsync(new()
    {
        BaseURL = Gateway.ToString(),
        ViewportSize = new() { Width = width, Height = 900 },
        JavaScriptEnabled = javaScript,
        Locale = "de-DE",
    });

    public async Task<IPage> NewPageAsync(int width = 1280, bool javaScript = true)
    {
        var context = await NewContextAsync(width, javaScript);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_platform is null) return;
        await _platform.DisposeAsync();
        PlatformApp.DeleteDataDirectory(_platform.DataDirectory);
    }
}

[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebFixture>
{
    public const string Name = "web";
}
