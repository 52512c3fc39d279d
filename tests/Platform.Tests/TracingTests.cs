using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Selbsthilfe;

namespace Platform.Tests;

[Collection(PlatformCollection.Name)]
public sealed class TracingTests(PlatformFixture fixture)
{
    [Fact]
    public async Task One_trace_spans_the_gateway_the_directory_the_outbox_relay_and_the_founding_consumer()
    {
        using var client = fixture.Platform.CreateGatewayClient(null, "platform-admin");
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/directory/offices")
        {
            Content = JsonContent.Create(new { id = $"trace-{Guid.NewGuid():N}"[..20], name = "KISS Trace", regionPostcodePrefixes = new[] { "34" } }),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        string[] services = [ResourceNames.Gateway, ResourceNames.GroupDirectory, ResourceNames.FoundingSupport];
        var deadline = DateTime.UtcNow.AddSeconds(30);
        IReadOnlySet<string> seen;
        while ((seen = fixture.Telemetry.ServicesWithTrace(traceId, services)).Count < services.Length && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }
        Assert.Equal(services.Order(), seen.Order());
        // The relay publishes in the Directory process, after the request ended, as part of the same trace; its span may
        // be exported in a later batch than the consumer's.
        while (!fixture.Telemetry.ServicesWithTrace(traceId, services, "outbox relay").Contains(ResourceNames.GroupDirectory) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }
        Assert.Contains(ResourceNames.GroupDirectory, fixture.Telemetry.ServicesWithTrace(traceId, services, "outbox relay"));
    }
}
