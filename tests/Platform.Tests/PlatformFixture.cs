using Selbsthilfe.TestSupport;

namespace Platform.Tests;

/// <summary>One platform for all tests of a run that only read or add their own data.</summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    private PlatformApp? _platform;

    public PlatformApp Platform => _platform ?? throw new InvalidOperationException("Platform not started.");

    /// <summary>Receives every project's traces.</summary>
    public OtlpCapture Telemetry { get; } = new();

    public async Task InitializeAsync() =>
        _platform = await PlatformApp.StartAsync(PlatformApp.NewDataDirectory(), PlatformApp.Ports.Free(), Telemetry);

    public async Task DisposeAsync()
    {
        if (_platform is null) return;
        await _platform.DisposeAsync();
        Telemetry.Dispose();
        PlatformApp.DeleteDataDirectory(_platform.DataDirectory);
    }
}

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}
