using Microsoft.Extensions.Configuration;
using System.Diagnostics;

namespace Selbsthilfe.AppHost.Infrastructure;

/// <summary>The broker, and a way to add one database per service, whatever runs them.</summary>
public sealed record PlatformInfrastructure(
    IResourceBuilder<IResourceWithConnectionString> Messaging,
    Func<string, IResourceBuilder<IResourceWithConnectionString>> AddDatabase);

public static class PlatformInfrastructureExtensions
{
    public static PlatformInfrastructure AddPlatformInfrastructure(this IDistributedApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(InfrastructureOptions.Section).Get<InfrastructureOptions>()
            ?? new InfrastructureOptions();
        var mode = options.Mode == InfrastructureMode.Auto
            ? (ContainerRuntimeAnswers() ? InfrastructureMode.Containers : InfrastructureMode.Local)
            : options.Mode;

        return mode switch
        {
            InfrastructureMode.Containers => AddContainers(builder),
            InfrastructureMode.Local => LocalInfrastructure.Add(builder, options),
            _ => AddExternal(builder),
        };
    }

    private static PlatformInfrastructure AddContainers(IDistributedApplicationBuilder builder)
    {
        var postgres = builder.AddPostgres(ResourceNames.Postgres).WithDataVolume();
        var rabbit = builder.AddRabbitMQ(ResourceNames.Messaging).WithManagementPlugin().WithDataVolume();
        return new(rabbit, name => postgres.AddDatabase(name));
    }

    private static PlatformInfrastructure AddExternal(IDistributedApplicationBuilder builder) =>
        new(builder.AddConnectionString(ResourceNames.Messaging), name => builder.AddConnectionString(name));

    /// <summary>The same question Aspire's orchestrator asks: does a Docker or Podman engine answer?</summary>
    private static bool ContainerRuntimeAnswers()
    {
        foreach (var runtime in new[] { "docker", "podman" })
        {
            try
            {
                using var process = Process.Start(new ProcessStartInfo(runtime, "info --format {{.ServerVersion}}")
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                });
                if (process is null) continue;
                if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
                {
                    process.Kill(entireProcessTree: true);
                    continue;
                }
                if (process.ExitCode == 0) return true;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not installed.
            }
        }
        return false;
    }
}
