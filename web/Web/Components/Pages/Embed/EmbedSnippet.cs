using System.Net;
using Selbsthilfe.Web.Clients;

namespace Selbsthilfe.Web.Components.Pages.Embed;

/// <summary>
/// The code an office pastes into its own website: a frame with the office's list, and a few lines of script that set
/// the frame's height when the list reports it (site.js sends <c>selbsthilfe-embed-height</c> by postMessage). The
/// script runs on the office's site, not on ours, so it may be inline there; it accepts messages only from the
/// platform's origin and only for its own frames.
/// </summary>
public static class EmbedSnippet
{
    public const string HeightMessage = "selbsthilfe-embed-height";

    public static string ForOffice(string publicBaseUrl, Office office, string title)
    {
        var site = publicBaseUrl.TrimEnd('/');
        var origin = Uri.TryCreate(site, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : site;
        var src = $"{site}{(Language.IsEnglish ? Language.EnglishPrefix : "")}/embed/kontaktstellen/{Uri.EscapeDataString(office.Id)}";
        return $$"""
            <iframe src="{{src}}" title="{{WebUtility.HtmlEncode(title)}}" data-selbsthilfe-embed width="100%" height="600" loading="lazy" style="border:0"></iframe>
            <script>
              window.addEventListener("message", function (event) {
                if (event.origin !== "{{origin}}" || !event.data || event.data.type !== "{{HeightMessage}}") return;
                document.querySelectorAll("iframe[data-selbsthilfe-embed]").forEach(function (frame) {
                  if (frame.contentWindow === event.source) frame.height = Math.ceil(Number(event.data.height) || 600);
                });
              });
            </script>
            """;
    }
}
