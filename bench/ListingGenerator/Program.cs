using System.Diagnostics;
using Selbsthilfe.Bench;

// Creates N realistic, fictional listings (default 100,000) in a directory database that the service has migrated.
// Arguments: <connection string of directorydb> [N]
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: ListingGenerator \"Host=127.0.0.1;Port=15432;Username=platform;Password=platform-dev;Database=directorydb\" [count]");
    return 2;
}
var count = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
var watch = Stopwatch.StartNew();
var created = await Generator.FillAsync(args[0], count);
Console.WriteLine($"{created} listings in {watch.Elapsed.TotalSeconds:F0} s");
return 0;
