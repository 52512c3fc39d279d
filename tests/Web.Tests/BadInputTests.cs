using System.Net;
using System.Text.RegularExpressions;

namespace Web.Tests;

/// <summary>
/// Hostile or broken addresses get a calm German page with the right status: never a 500, never a stack trace.
/// </summary>
[Collection(WebCollection.Name)]
public sealed partial class BadInputTests(WebFixture web)
{
    public static TheoryData<string> HostileAddresses() =>
    [
        "/?q=%00",
        "/?umkreis=abc",
        "/?ort=99999999",
        "/?ort=abc&umkreis=-5",
        "/?weiter=garbage",
        "/?q=Depression&weiter=eyJub3QiOiJhIGN1cnNvciJ9",
        "/?thema=%ff",
        "/?lat=91&lon=200",
        "/?lat=abc&lon=13.4",
        "/?q=" + new string('a', 5000),
        "/gruppen/abc",
        "/gruppen/" + Guid.NewGuid(),
        "/gruppen/00000000-0000-0000-0000-000000000000",
        "/gruppen/%3Cscript%3E",
        "/kontaktstellen/..%2F..%2Fetc%2Fpasswd",
        "/kontaktstellen/unbekannt",
        "/embed/kontaktstellen/unbekannt",
        "/embed/themen/unbekannt",
        "/verwalten?token=",
        "/verwalten?token=%00",
        "/verwalten/export?token=",
        "/nirgendwo",
    ];

    [Theory]
    [MemberData(nameof(HostileAddresses))]
    public async Task A_hostile_address_gets_a_German_error_page_without_a_stack_trace(string address)
    {
        using var gateway = web.Platform.CreateGatewayClient();
        using var answer = await gateway.GetAsync(new Uri(address, UriKind.Relative));
        var body = await answer.Content.ReadAsStringAsync();
        var shown = address.Length > 80 ? address[..80] + "…" : address;

        Assert.True(answer.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound,
            $"{shown} answered {(int)answer.StatusCode}, expected 400 or 404.");
        Assert.Equal("text/html", answer.Content.Headers.ContentType?.MediaType);
        Assert.Matches(GermanPage(), body);
        Assert.Single(Headings().Matches(body));
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
    }

    /// <summary>
    /// A NUL byte in the path: Kestrel (the gateway's server) refuses the request line before any page runs, with a bare
    /// 400. No page can answer it; it must still be a 400, never a 500.
    /// </summary>
    [Fact]
    public async Task A_NUL_byte_in_the_path_is_refused_with_400()
    {
        using var gateway = web.Platform.CreateGatewayClient();
        using var answer = await gateway.GetAsync(new Uri("/kontaktstellen/%00", UriKind.Relative));
        var body = await answer.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
    }

    [GeneratedRegex("<html[^>]*\\blang=\"de\"")]
    private static partial Regex GermanPage();

    [GeneratedRegex("<h1[\\s>]")]
    private static partial Regex Headings();
}
