using Aspire.Hosting.Testing;
using Selbsthilfe;
using Selbsthilfe.Bench;
using Selbsthilfe.TestSupport;

// Gateway ÷ direct-service throughput on loopback, measured side by side in one run: the same load generator and
// connection count for both arms, the same service process (so the same telemetry settings), arms interleaved
// A-B-B-A three times, medians reported. See README "Benchmarks".
// Arguments: [seconds per sample, default 5] [scenario letters to run, default "ab"]
var seconds = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5;
var only = args.Length > 1 ? args[1] : "ab";
const int connections = 64;

var data = PlatformApp.NewDataDirectory();
var platform = await PlatformApp.StartAsync(data, PlatformApp.Ports.Free());
var gateway = platform.App.GetEndpoint(ResourceNames.Gateway, "http");
var directory = platform.App.GetEndpoint(ResourceNames.GroupDirectory, "http");

var scenarios = new[]
{
    new Scenario("(a) trivial GET (liveness)", new Uri(directory, "/alive"), new Uri(gateway, "/api/directory/alive")),
    new Scenario("(b) GET reading the database", new Uri(directory, "/api/directory/offices"), new Uri(gateway, "/api/directory/offices")),
};

try
{
    Console.WriteLine($"Gateway ÷ direct, {connections} connections, {seconds} s per sample, A-B-B-A ×3, medians; {Environment.ProcessorCount} cores");
    foreach (var scenario in scenarios.Where(s => only.Contains(s.Name[1], StringComparison.Ordinal)))
    {
        var result = await SideBySide.RunAsync(scenario.Direct, scenario.ThroughGateway, connections, TimeSpan.FromSeconds(seconds));
        Console.WriteLine(scenario.Name);
        Console.WriteLine(result.Format("direct", "gateway"));
    }
}
finally
{
    await platform.DisposeAsync();
    PlatformApp.DeleteDataDirectory(data);
}

internal sealed record Scenario(string Name, Uri Direct, Uri ThroughGateway);
