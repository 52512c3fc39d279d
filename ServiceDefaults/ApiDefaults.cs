using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.HttpOverrides;

namespace Microsoft.Extensions.Hosting;

public static class ApiDefaults
{
    /// <summary>
    /// Every error leaves a service as RFC 7807 ProblemDetails: unhandled exceptions (without details outside
    /// Development), and bare status codes such as 404 or 405. Forwarded headers are honoured from the gateway, which
    /// runs on a known (by default loopback) proxy address.
    /// </summary>
    public static WebApplication UseApiDefaults(this WebApplication app)
    {
        app.UseForwardedHeaders(new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost,
        });
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // Explicitly after the status-code pages, so a bare 401 or 403 from authorization gets ProblemDetails too
        // (the implicit placement would put them before).
        if (app.Services.GetService<IAuthenticationSchemeProvider>() is not null)
        {
            app.UseAuthentication();
            app.UseAuthorization();
        }
        return app;
    }
}
