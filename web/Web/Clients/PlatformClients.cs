using Microsoft.Extensions.Http.Resilience;

namespace Selbsthilfe.Web.Clients;

public static class PlatformClients
{
    /// <summary>
    /// One typed client per service, found by service discovery. The services rate-limit per client address, so each
    /// request carries the visitor's address (the services trust forwarded headers from loopback only), never more.
    /// A form's POST is never retried: a subscription must not be asked for twice. Pages give up quickly (a 503 page
    /// after about a second when a service is down).
    /// </summary>
    public static IServiceCollection AddPlatformClients(this IServiceCollection services)
    {
        services.ConfigureAll<HttpStandardResilienceOptions>(o =>
        {
            o.Retry.DisableForUnsafeHttpMethods();
            // A visitor waits for the page: two quick retries, then the 503 page, rather than half a minute of backoff.
            o.Retry.MaxRetryAttempts = 2;
            o.Retry.Delay = TimeSpan.FromMilliseconds(200);
            o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(5);
            o.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(15);
        });
        services.AddTransient<ForwardClientAddress>();
        services.AddHttpClient<DirectoryClient>(c => c.BaseAddress = new Uri($"http://{ResourceNames.GroupDirectory}"))
            .AddHttpMessageHandler<ForwardClientAddress>();
        services.AddHttpClient<EventsClient>(c => c.BaseAddress = new Uri($"http://{ResourceNames.Events}"))
            .AddHttpMessageHandler<ForwardClientAddress>();
        services.AddHttpClient<NotificationsClient>(c => c.BaseAddress = new Uri($"http://{ResourceNames.Notifications}"))
            .AddHttpMessageHandler<ForwardClientAddress>();
        services.AddHttpClient<FoundingClient>(c => c.BaseAddress = new Uri($"http://{ResourceNames.FoundingSupport}"))
            .AddHttpMessageHandler<ForwardClientAddress>();
        return services;
    }
}

/// <summary>Passes the visitor's address on (as the gateway gave it to us), so per-address limits stay per visitor.</summary>
public sealed class ForwardClientAddress(IHttpContextAccessor accessor) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (accessor.HttpContext?.Connection.RemoteIpAddress is { } address)
        {
            request.Headers.Remove("X-Forwarded-For");
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", address.ToString());
        }
        return base.SendAsync(request, cancellationToken);
    }
}
