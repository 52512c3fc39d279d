using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Selbsthilfe.ServiceDefaults.Security;

/// <summary>The roles office staff and operators carry in their tokens.</summary>
public static class StaffRoles
{
    public const string OfficeEditor = "office-editor";
    public const string OfficeAdmin = "office-admin";
    public const string PlatformAdmin = "platform-admin";

    /// <summary>The claim naming the office (its slug id) a staff member works for.</summary>
    public const string OfficeClaim = "office";
}

public static class StaffPolicies
{
    /// <summary>Editors and admins of some office; which office is checked against the resource.</summary>
    public const string OfficeStaff = "office-staff";
    public const string OfficeAdmin = "office-admin";
    public const string PlatformAdmin = "platform-admin";
}

public static class StaffAuthentication
{
    /// <summary>
    /// JWT bearer tokens from any OIDC issuer, configured under <c>Authentication:Schemes:Bearer</c>
    /// (<c>Authority</c> and <c>ValidAudiences</c> for a real provider; <c>dotnet user-jwts</c> writes its development
    /// issuer and signing key there in user secrets). Requests without a token stay anonymous: public reads need none.
    /// </summary>
    public static TBuilder AddStaffAuthentication<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(StaffPolicies.OfficeStaff, p => p.RequireRole(StaffRoles.OfficeEditor, StaffRoles.OfficeAdmin).RequireClaim(StaffRoles.OfficeClaim))
            .AddPolicy(StaffPolicies.OfficeAdmin, p => p.RequireRole(StaffRoles.OfficeAdmin, StaffRoles.PlatformAdmin))
            .AddPolicy(StaffPolicies.PlatformAdmin, p => p.RequireRole(StaffRoles.PlatformAdmin));
        return builder;
    }

    /// <summary>An office editor acting inside the service (demo data, bulk loads), not signed in by token.</summary>
    public static ClaimsPrincipal OfficeEditor(string officeId, string source) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Role, StaffRoles.OfficeEditor), new Claim(StaffRoles.OfficeClaim, officeId)], source));

    /// <summary>The office this user works for, when they are office staff (editor or admin).</summary>
    public static string? StaffOffice(this ClaimsPrincipal user) =>
        user.IsInRole(StaffRoles.OfficeEditor) || user.IsInRole(StaffRoles.OfficeAdmin)
            ? user.FindFirst(StaffRoles.OfficeClaim)?.Value
            : null;

    public static bool IsStaffOf(this ClaimsPrincipal user, string officeId) =>
        string.Equals(user.StaffOffice(), officeId, StringComparison.Ordinal);

    public static bool IsAdminOf(this ClaimsPrincipal user, string officeId) =>
        user.IsInRole(StaffRoles.PlatformAdmin) || (user.IsInRole(StaffRoles.OfficeAdmin) && user.IsStaffOf(officeId));
}
