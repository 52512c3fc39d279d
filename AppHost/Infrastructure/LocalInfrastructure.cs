using Microsoft.Extensions.DependencyInjection;
using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Selbsthilfe.AppHost.Infrastructure;

/// <summary>
/// PostgreSQL and RabbitMQ from the operating system's packages, run by the orchestrator as executables (so the
/// dashboard shows them and their logs), listening on 127.0.0.1 only, data under the data directory. The scripts in
/// <c>AppHost/local/</c> do what differs from a plain start: initdb on first start, dropping root for PostgreSQL,
/// RabbitMQ's own directories and ports.
/// </summary>
internal static class LocalInfrastructure
{
    public static PlatformInfrastructure Add(IDistributedApplicationBuilder builder, InfrastructureOptions options)
    {
        var dataDirectory = Path.GetFullPath(options.DataDirectory ?? Path.Combine(builder.AppHostDirectory, "..", ".data"));
        var scripts = Path.Combine(builder.AppHostDirectory, "local");
        string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

        var postgresReady = $"{ResourceNames.Postgres}-ready";
        var postgres = builder.AddExecutable(ResourceNames.Postgres, "bash", scripts, Path.Combine(scripts, "postgres.sh"))
            .WithEnvironment("PG_DATA_DIR", Path.Combine(dataDirectory, "postgres"))
            .WithEnvironment("PG_PORT", Text(options.PostgresPort))
            .WithEnvironment("PG_USER", options.PostgresUser)
            .WithEnvironment("PG_PASSWORD", options.PostgresPassword)
            .WithEndpoint(port: options.PostgresPort, targetPort: options.PostgresPort, name: "tcp", scheme: "tcp", isProxied: false)
            .WithHealthCheck(postgresReady);
        var maintenanceConnection =
            $"Host=127.0.0.1;Port={Text(options.PostgresPort)};Username={options.PostgresUser};Password={options.PostgresPassword};Database=postgres";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            postgresReady, _ => new PostgresReadyCheck(maintenanceConnection), HealthStatus.Unhealthy, null));

        var rabbitReady = $"{ResourceNames.Messaging}-ready";
        var rabbit = builder.AddExecutable($"{ResourceNames.Messaging}-server", "bash", scripts, Path.Combine(scripts, "rabbitmq.sh"))
            .WithEnvironment("RABBITMQ_DATA_DIR", Path.Combine(dataDirectory, "rabbitmq"))
            .WithEnvironment("RABBITMQ_AMQP_PORT", Text(options.RabbitMqPort))
            .WithEnvironment("RABBITMQ_MANAGEMENT_PORT", Text(options.RabbitMqManagementPort))
            .WithEnvironment("RABBITMQ_DIST_PORT", Text(options.RabbitMqDistributionPort))
            .WithEnvironment("RABBITMQ_USER", options.RabbitMqUser)
            .WithEnvironment("RABBITMQ_PASSWORD", options.RabbitMqPassword)
            .WithEndpoint(port: options.RabbitMqPort, targetPort: options.RabbitMqPort, name: "tcp", scheme: "tcp", isProxied: false)
            .WithEndpoint(port: options.RabbitMqManagementPort, targetPort: options.RabbitMqManagementPort, name: "management", scheme: "http", isProxied: false)
            .WithHealthCheck(rabbitReady);
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            rabbitReady, _ => new TcpReadyCheck("127.0.0.1", options.RabbitMqPort), HealthStatus.Unhealthy, null));

        var messaging = builder.AddConnectionString(ResourceNames.Messaging, ReferenceExpression.Create(
            $"amqp://{options.RabbitMqUser}:{options.RabbitMqPassword}@127.0.0.1:{rabbit.GetEndpoint("tcp").Property(EndpointProperty.Port)}"))
            .WaitFor(rabbit);

        var postgresPort = postgres.GetEndpoint("tcp").Property(EndpointProperty.Port);
        return new(messaging, name => builder.AddConnectionString(name, ReferenceExpression.Create(
                $"Host=127.0.0.1;Port={postgresPort};Username={options.PostgresUser};Password={options.PostgresPassword};Database={name}"))
            .WaitFor(postgres));
    }
}
