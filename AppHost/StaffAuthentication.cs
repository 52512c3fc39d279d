using Microsoft.Extensions.Configuration;

namespace Selbsthilfe.AppHost;

public static class StaffAuthentication
{
    public const string Section = "Authentication:Schemes:Bearer";

    /// <summary>
    /// Hands the AppHost's staff-token settings (<c>Authentication:Schemes:Bearer</c>: an OIDC <c>Authority</c> and
    /// <c>ValidAudiences</c>, or a development issuer with signing keys) to a service, so one configuration serves all
    /// services. A service's own user secrets (<c>dotnet user-jwts</c>) still apply when the AppHost has none.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithStaffAuthentication(this IResourceBuilder<ProjectResource> project, IConfiguration configuration)
    {
        foreach (var (key, value) in configuration.GetSection(Section).AsEnumerable(makePathsRelative: true))
        {
            if (value is not null) project.WithEnvironment("Authentication__Schemes__Bearer__" + key.Replace(":", "__", StringComparison.Ordinal), value);
        }
        return project;
    }
}
