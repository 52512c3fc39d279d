using Selbsthilfe.TestSupport;

namespace Messaging.Tests;

[CollectionDefinition(Name)]
public sealed class ServersCollection : ICollectionFixture<LocalServers>
{
    public const string Name = "servers";
}
