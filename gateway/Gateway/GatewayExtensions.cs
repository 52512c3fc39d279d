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

    public static void UseBodyTooLargeAsProblem(this IReverseProxyApplicationBuilder proxy) => proxy.Use(async (context, next) =>
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
