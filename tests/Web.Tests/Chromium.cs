using Microsoft.Playwright;

namespace Web.Tests;

/// <summary>
/// Debian's chromium, launched by its path. Playwright never downloads a browser of its own here (no browser build can
/// be fetched on these machines); its Node driver ships inside the NuGet package.
/// </summary>
internal static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        // Belt and braces: nothing in these tests installs browsers, and the driver must not try either.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"{ExecutablePath} is missing: run scripts/install-prerequisites.sh --tests (it installs Debian's chromium).");
        }
        var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        try
        {
            // --no-sandbox: the tests run as root (CI), where chromium's sandbox refuses to start.
            var browser = await playwright.Chromium.LaunchAsync(new()
            {
                ExecutablePath = ExecutablePath,
                Args = ["--no-sandbox", "--disable-gpu"],
                Headless = true,
            });
            return (playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }
}
