using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace Selbsthilfe.Web.Components.Pages.Embed;

/// <summary>What both embedded lists share: the platform's absolute address for links that leave the frame.</summary>
public abstract class EmbedBase : ComponentBase
{
    [CascadingParameter] protected HttpContext HttpContext { get; set; } = default!;

    [Inject] protected IOptions<SiteOptions> Site { get; set; } = default!;

    /// <summary>The platform in the page's language, e.g. <c>https://…/en</c>: links open the full pages from here.</summary>
    protected string AbsoluteBase => Site.Value.PublicBaseUrl.TrimEnd('/') + (Language.IsEnglish ? Language.EnglishPrefix : "");
}
