using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

using Selbsthilfe;

namespace Web.Tests;

/// <summary>
/// The site alone, with every service behind it unreachable (a closed port): pages answer a German (or English) 503
/// page that says nothing was lost, quickly and without a stack trace; pages that need no service still work.
/// </summary>
public sealed class ServiceDownTests : IClassFixture<ServiceDownTests.SiteWithoutServices>
{
    private readonly HttpClient _site;

    public ServiceDownTests(SiteWithoutServices site) => _site = site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>Any type of the web app's assembly names its entry point (AppHost has a Program too).</summary>
    public sealed class SiteWithoutServices : WebApplicationFactory<Selbsthilfe.Web.SiteOptions>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            // Port 1 on loopback: nothing listens there, so every call fails at once, as a stopped service does.
            foreach (var service in new[] { ResourceNames.GroupDirectory, ResourceNames.Events, ResourceNames.Notifications, ResourceNames.FoundingSupport })
            {
                builder.UseSetting($"services:{service}:http:0", "http://127.0.0.1:1");
            }
            builder.UseEnvironment("Production");
        }
    }

    [Theory]
    [InlineData("/?q=Depression", "Gerade nicht erreichbar")]
    [InlineData("/gruppen/01a2533d-309b-7619-91be-bad39cb832d9", "Gerade nicht erreichbar")]
    [InlineData("/kontaktstellen", "Gerade nicht erreichbar")]
    [InlineData("/en/?q=Depression", "Not available right now")]
    public async Task A_page_whose_service_does_not_answer_is_a_503_page_in_the_readers_language(string path, string heading)
    {
        var started = DateTime.UtcNow;
        using var response = await _site.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"<h1>{heading}", WebUtility.HtmlDecode(body), StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(15), "a visitor should not wait long for the 503 page");
    }

    [Fact]
    public async Task Pages_that_need_no_service_still_answer()
    {
        using var response = await _site.GetAsync("/ueber");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_peer_searches_without_Founding_are_a_503_page_not_a_500()
    {
        using var response = await _site.GetAsync("/gleichbetroffene?thema=depression");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }
}
