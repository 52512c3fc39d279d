namespace Selbsthilfe.Web;

/// <summary>
/// Headers on every answer of the site. A search for "Alkohol" is health data: no referrer leaves the site, no script
/// or style from another host runs, and no other site may frame a page, except the embeddable lists (see
/// <see cref="AllowFraming"/>).
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    private const string FrameAncestorsKey = "web.frame-ancestors";

    private const string Policy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "form-action 'self'; base-uri 'self'; manifest-src 'self'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            var ancestors = context.Items[FrameAncestorsKey] as string ?? "'none'";
            headers.ContentSecurityPolicy = $"{Policy}; frame-ancestors {ancestors}";
            if (ancestors == "'none'") headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers.XContentTypeOptions = "nosniff";
            headers["Permissions-Policy"] = "geolocation=(self), camera=(), microphone=(), interest-cohort=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        return next(context);
    }

    /// <summary>Lets the page being rendered be framed by <paramref name="ancestors"/> (CSP source expressions).</summary>
    public static void AllowFraming(HttpContext context, string ancestors) => context.Items[FrameAncestorsKey] = ancestors;
}
