using Aspire.Hosting.Testing;
using Selbsthilfe;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Platform.Tests;

[Collection(PlatformCollection.Name)]
public sealed class GatewayTests(PlatformFixture fixture)
{
    public static TheoryData<string> ServicePrefixes => new() { "/api/directory", "/api/events", "/api/notifications", "/api/founding" };

    [Theory]
    [MemberData(nameof(ServicePrefixes))]
    public async Task Every_service_is_healthy_through_the_gateway(string prefix)
    {
        using var client = fixture.Platform.CreateGatewayClient();

        using var response = await client.GetAsync($"{prefix}/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(ServicePrefixes))]
    public async Task Every_service_publishes_its_OpenAPI_document_through_the_gateway(string prefix)
    {
        using var client = fixture.Platform.CreateGatewayClient();

        using var document = JsonDocument.Parse(await client.GetStringAsync($"{prefix}/openapi/v1.json"));

        Assert.StartsWith("3.", document.RootElement.GetProperty("openapi").GetString());
        Assert.True(document.RootElement.TryGetProperty("paths", out _));
    }

    [Fact]
    public async Task The_gateway_reports_its_own_health()
    {
        using var client = fixture.Platform.CreateGatewayClient();

        using var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/no/such/route")]
    [InlineData("/federation/no/such/route")]
    public async Task An_unknown_API_route_is_404_problem_details_from_the_gateway(string path)
    {
        using var client = fixture.Platform.CreateGatewayClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Any_other_unknown_path_is_the_sites_404_page()
    {
        using var client = fixture.Platform.CreateGatewayClient();

        using var response = await client.GetAsync("/no/such/route");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_too_large_body_is_refused_with_413_before_it_reaches_a_service()
    {
        using var client = fixture.Platform.CreateGatewayClient();
        using var body = new ByteArrayContent(new byte[2 * 1024 * 1024]);

        using var response = await client.PostAsync("/api/directory/offices", body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(413, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_chunked_body_that_grows_too_large_is_refused_with_413()
    {
        using var client = fixture.Platform.CreateGatewayClient();
        using var body = new StreamContent(new MemoryStream(new byte[2 * 1024 * 1024]));
        body.Headers.ContentLength = null;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/directory/offices") { Content = body };
        request.Headers.TransferEncodingChunked = true;

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_service_error_leaves_as_problem_details_through_the_gateway()
    {
        using var client = fixture.Platform.CreateGatewayClient();

        using var response = await client.GetAsync("/api/events/no-such-resource");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_read_that_touches_the_database_answers_through_the_gateway()
    {
        using var client = fixture.Platform.CreateGatewayClient();

        var offices = await client.GetFromJsonAsync<JsonElement>("/api/directory/offices");

        Assert.Equal(JsonValueKind.Array, offices.ValueKind);
    }

    [Fact]
    public async Task Writes_beyond_the_per_client_limit_get_429_while_other_clients_and_reads_go_on()
    {
        // Without the test clients' resilience handler: it would retry the 429s and trip the circuit breaker that
        // every other test's gateway client shares.
        using var client = new HttpClient { BaseAddress = fixture.Platform.App.GetEndpoint(ResourceNames.Gateway, "http") };
        // The gateway trusts X-Forwarded-For from loopback proxies only, as it would from a load balancer; each test
        // client address gets its own window, so this test throttles nobody else.
        var noisy = $"198.51.100.{Random.Shared.Next(1, 255)}";
        var statuses = new List<HttpStatusCode>();

        for (var i = 0; i < 61; i++) statuses.Add((await PostInvalidOffice(client, noisy)).StatusCode);

        Assert.All(statuses.Take(60), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[60]);
        using var limited = await PostInvalidOffice(client, noisy);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostInvalidOffice(client, "203.0.113.7")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/directory/offices")).StatusCode);
    }

    [Fact]
    public async Task The_topic_taxonomy_answers_any_name_through_the_gateway()
    {
        using var client = fixture.Platform.CreateGatewayClient();

        var all = await client.GetFromJsonAsync<JsonElement>("/api/directory/topics");
        var byIcd = await client.GetFromJsonAsync<JsonElement>("/api/directory/topics?q=F32");
        var byName = await client.GetFromJsonAsync<JsonElement>("/api/directory/topics?q=Depression");

        Assert.True(all.GetArrayLength() >= 80);
        Assert.Equal(byName.EnumerateArray().Select(t => t.GetProperty("code").GetString()),
            byIcd.EnumerateArray().Select(t => t.GetProperty("code").GetString()));
        Assert.NotEqual(0, byIcd.GetArrayLength());
    }

    private static async Task<HttpResponseMessage> PostInvalidOffice(HttpClient client, string clientAddress)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/directory/offices") { Content = JsonContent.Create(new { id = "" }) };
        request.Headers.Add("X-Forwarded-For", clientAddress);
        return await client.SendAsync(request);
    }
}
