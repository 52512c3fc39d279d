using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace Selbsthilfe.Gateway;

public static class GatewayExtensions
{
    public static IHostApplicationBuilder AddGateway(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>() ?? new GatewayOptions();
        builder.Services.Configure<GatewayOptions>(builder.Configuration.GetSection(GatewayOptions.Section));

        // Routes and clusters live in configuration (ReverseProxy section); destinations such as
        // "http://group-directory" are resolved by Aspire service discovery.
        // Performance settings, measured with bench/GatewayBench:
        // - HTTP/1.1 to the services (cluster HttpRequest.Version "1.1", exact): inside the cluster there is no TLS to
        //   negotiate HTTP/2 and h2c buys nothing on loopback; HTTP/1.1 keeps the per-request cost lowest.
        // - YARP's forwarder keeps one pooled SocketsHttpHandler per cluster without a connection limit, so
        //   connections to a service are reused across requests and never re-dialled per call.
        // - Telemetry: the gateway's server span and its HTTP client span describe the hop; YARP's own activity
        //   source is not traced (a third span per request). Switching the SDK off entirely changed throughput by
        //   less than run-to-run noise, so traces stay on.
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddServiceDiscoveryDestinationResolver();

        builder.Services.Configure<KestrelServerOptions>(k => k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes);

        // Behind a load balancer, its addresses must be added to KnownProxies/KnownNetworks by configuration;
        // by default only loopback is trusted, so a client cannot forge its address for the rate limiter.
        builder.Services.Configure<ForwardedHeadersOptions>(f =>
            f.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);

        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) ||
                    HttpMethods.IsOptions(context.Request.Method))
                {
                    return RateLimitPartition.GetNoLimiter("reads");
                }

                var limits = context.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value;
                var client = context.Connection.RemoteIpAddress ?? IPAddress.None;
                return RateLimitPartition.GetFixedWindowLimiter(client.ToString(), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limits.WritesPerWindow,
                    Window = limits.WriteWindow,
                    QueueLimit = 0,
                });
            });
            limiter.OnRejected = (context, ct) => Problems.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests,
                "Zu viele Anfragen. Bitte versuchen Sie es später erneut. / Too many requests. Please try again later.");
        });
        return builder;
    }

    /// <summary>
    /// Every path no route names goes to the site (an HTML page for people); an <c>/api/…</c> path that no service owns
    /// stays a machine's error: RFC 7807 from the gateway, not the site's 404 page. The services' own routes are more
    /// specific and win.
    /// </summary>
    public static IEndpointRouteBuilder MapUnknownApiPaths(this IEndpointRouteBuilder app)
    {
        app.Map("/api/{**rest}", (HttpContext context) => Problems.WriteAsync(context, StatusCodes.Status404NotFound,
            "Diese Schnittstelle gibt es nicht. / No such API."));
        return app;
    }

    /// <summary>
    /// Rejects a declared body above the limit before anything is forwarded. Kestrel enforces the same limit on
    /// chunked bodies while they are read; <see cref="UseBodyTooLargeAsProblem"/> reports that case.
    /// </summary>
    public static IApplicationBuilder UseBodySizeLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var limit = context.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value.MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            await Problems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge,
                $"Die Anfrage ist zu groß (höchstens {limit} Bytes). / The request body exceeds {limit} bytes.");
            return;
        }
        await next(context);
    });

    /// <summary>
    /// YARP's standard pipeline (a custom one replaces it, so it is restated here: affinity, load balancing over the
    /// replicas that service discovery returns, passive health checks) plus one step of ours.
    /// </summary>
    public static void UseGatewayPipeline(this IReverseProxyApplicationBuilder proxy)
    {
        proxy.UseSessionAffinity();
        proxy.UseLoadBalancing();
        proxy.UsePassiveHealthChecks();
        proxy.UseBodyTooLargeAsProblem();
    }

    private static void UseBodyTooLargeAsProblem(this IReverseProxyApplicationBuilder proxy) => proxy.Use(async (context, next) =>
    {
        await next();
        var error = context.GetForwarderErrorFeature();
        if (error?.Error == ForwarderError.RequestBodyClient && error.Exception is Microsoft.AspNetCore.Http.BadHttpRequestException
            { StatusCode: StatusCodes.Status413PayloadTooLarge } && !context.Response.HasStarted)
        {
            await Problems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge,
                "Die Anfrage ist zu groß. / The request body is too large.");
        }
    });
}
