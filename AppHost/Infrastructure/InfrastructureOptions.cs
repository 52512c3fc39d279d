namespace Selbsthilfe.AppHost.Infrastructure;

public enum InfrastructureMode
{
    /// <summary>Containers when a container runtime answers, else <see cref="Local"/>.</summary>
    Auto,
    Containers,
    /// <summary>Debian's PostgreSQL and RabbitMQ run as executables with data under <c>.data/</c>.</summary>
    Local,
    /// <summary>Connection strings come from configuration (<c>ConnectionStrings:*</c>), as in production.</summary>
    External,
}

/// <summary>Configuration section <c>Infrastructure</c>; every value may be set on the command line.</summary>
public sealed class InfrastructureOptions
{
    public const string Section = "Infrastructure";

    public InfrastructureMode Mode { get; set; } = InfrastructureMode.Auto;

    /// <summary>Where local mode keeps its data; default <c>.data/</c> at the repository root.</summary>
    public string? DataDirectory { get; set; }

    // Local mode binds to 127.0.0.1 only. The ports sit away from the system defaults so that a system PostgreSQL
    // or RabbitMQ on the same machine does not collide; credentials are for this loopback-only development server.
    public int PostgresPort { get; set; } = 15432;
    public string PostgresUser { get; set; } = "platform";
    public string PostgresPassword { get; set; } = "platform-dev";
    public int RabbitMqPort { get; set; } = 15673;
    public int RabbitMqManagementPort { get; set; } = 15674;
    public int RabbitMqDistributionPort { get; set; } = 25673;
    public string RabbitMqUser { get; set; } = "platform";
    public string RabbitMqPassword { get; set; } = "platform-dev";
}
