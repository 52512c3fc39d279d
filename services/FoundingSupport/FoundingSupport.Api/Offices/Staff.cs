using System.Security.Claims;
using Selbsthilfe.ServiceDefaults.Security;

namespace Selbsthilfe.FoundingSupport.Api.Offices;

/// <summary>Who may act for an office here: its own staff, and platform admins.</summary>
public static class Staff
{
    public static bool MayActFor(this ClaimsPrincipal user, string officeId) =>
        user.IsInRole(StaffRoles.PlatformAdmin) || user.IsStaffOf(officeId);

    /// <summary>The staff member's subject id from the token (what is recorded as counsellor or moderator; never a name).</summary>
    public static string Subject(this ClaimsPrincipal user) =>
        user.FindFirst("sub")?.Value ?? user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? "unknown";
}
