namespace Selbsthilfe.Web.Components.Pages.Groups;

/// <summary>Answers of the group pages that are no HTML page (e.g. one meeting as an .ics file).</summary>
public static class GroupEndpoints
{
    public static WebApplication MapGroupEndpoints(this WebApplication app) => app;
}
