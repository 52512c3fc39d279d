namespace Selbsthilfe.Web;

public static class MailLinkRoutes
{
    /// <summary>Endpoints behind mail links that are not pages, e.g. RFC 8058 one-click unsubscribe.</summary>
    public static WebApplication MapMailLinkEndpoints(this WebApplication app) => app;
}
