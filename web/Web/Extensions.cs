using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.ResponseCompression;
using Selbsthilfe.Web.Clients;

namespace Selbsthilfe.Web;

public static class Extensions
{
    /// <summary>The web app holds no data: it renders what the services answer, through service discovery.</summary>
    public static WebApplicationBuilder AddWebServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents();
        builder.Services.AddLocalization();
        builder.Services.AddHttpContextAccessor();
        builder.Services.Configure<SiteOptions>(builder.Configuration.GetSection(SiteOptions.Section));
        builder.Services.AddAntiforgery(o =>
        {
            // The only cookie the site sets: it protects forms, says nothing about the visitor and ends with the browser.
            o.Cookie.Name = "shp-form";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        builder.Services.AddPlatformClients();
        // Pages are small but sent often: brotli or gzip keeps the first results page well under 60 KB. (BREACH needs a
        // secret and attacker-chosen text in one compressed answer; the finder's pages, which echo the query, carry no
        // secret, and the forms' antiforgery token is not worth anything without the visitor's cookie.)
        builder.Services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
        });
        builder.Services.Configure<BrotliCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
        builder.Services.Configure<GzipCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
        return builder;
    }

    /// <summary>
    /// The pipeline of a public site that serves health-related searches: the client's address from the gateway, the
    /// language from the path (<c>/en/…</c>), strict security headers, German error pages that never show a stack
    /// trace, and a 503 page when a service behind the site does not answer.
    /// </summary>
    public static WebApplication UseWebDefaults(this WebApplication app)
    {
        app.UseForwardedHeaders(new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
        });
        // The language first: the error pages, re-executed inside, answer in the reader's language too.
        app.UseMiddleware<Language>();
        app.UseResponseCompression();
        app.UseMiddleware<SecurityHeaders>();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandlingPath = "/fehler",
            CreateScopeForErrors = true,
            StatusCodeSelector = ServiceFailure.StatusCode,
        });
        // A fresh scope: the re-executed error page must not reuse the failed page's navigation state.
        app.UseStatusCodePagesWithReExecute("/fehler/{0}", createScopeForStatusCodePages: true);
        app.UseRouting();
        app.UseAntiforgery();
        return app;
    }
}
