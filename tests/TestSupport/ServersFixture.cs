using Xunit;

namespace Selbsthilfe.TestSupport;

/// <summary>
/// One set of local servers (PostgreSQL, RabbitMQ) and one service in process for a whole test collection; each
/// test makes its own data in it.
/// </summary>
public abstract class ServersFixture<TApp> : IAsyncLifetime where TApp : IAsyncLifetime
{
    public LocalServers Servers { get; } = new();
    public TApp App { get; private set; } = default!;

    protected abstract TApp Create(LocalServers servers);

    public async Task InitializeAsync()
    {
        await Servers.InitializeAsync();
        App = Create(Servers);
        await App.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Servers.DisposeAsync();
    }
}
