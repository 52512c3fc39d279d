using Selbsthilfe.Web.Clients;
using Selbsthilfe.Web.Components.Pages.Mail;

namespace Selbsthilfe.Web;

public static class MailLinkRoutes
{
    /// <summary>Endpoints behind mail links that are not pages: RFC 8058 one-click unsubscribe, the export as a file.</summary>
    public static WebApplication MapMailLinkEndpoints(this WebApplication app)
    {
        // RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" to the List-Unsubscribe address, without a page
        // and so without a form token; the signed token in the query is the proof. Its own path keeps the page at
        // /abmelden (button, antiforgery) apart.
        app.MapPost("/abmelden/ein-klick", OneClickAsync).DisableAntiforgery();
        // A person who opens the header's address in a browser gets the page with the button: a GET changes nothing.
        app.MapGet("/abmelden/ein-klick", (HttpContext http, string? token) =>
            Results.Redirect($"{http.Request.PathBase}/abmelden{(token is null ? "" : "?token=" + Uri.EscapeDataString(token))}"));
        app.MapGet("/verwalten/export.json", ExportAsync);
        return app;
    }

    private static async Task<IResult> OneClickAsync(HttpContext http, string? token, NotificationsClient notifications, CancellationToken ct)
    {
        http.Response.Headers.CacheControl = "no-store";
        if (!ManageLinks.Plausible(token) || !await notifications.UnsubscribeAsync(token!, ct))
        {
            return Results.Text(English(http) ? "The link is invalid or has expired.\n" : "Der Link ist ungültig oder abgelaufen.\n",
                "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
        }
        return Results.Text(English(http) ? "Unsubscribed.\n" : "Abgemeldet.\n", "text/plain; charset=utf-8");
    }

    /// <summary>Everything held about the address (GDPR Art. 15) as the service wrote it, as a file; only reads.</summary>
    private static async Task<IResult> ExportAsync(HttpContext http, string? token, NotificationsClient notifications, CancellationToken ct)
    {
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["X-Robots-Tag"] = "noindex";
        var json = ManageLinks.Plausible(token) ? await notifications.ExportJsonAsync(token!, ct) : null;
        if (json is null)
        {
            return Results.Text(English(http) ? "The link is invalid or has expired. Ask for a new one on the page \"Manage reminders\".\n"
                : "Der Link ist ungültig oder abgelaufen. Fordern Sie auf der Seite „Erinnerungen verwalten“ einen neuen an.\n",
                "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
        }
        http.Response.Headers.ContentDisposition = "attachment; filename=\"selbsthilfe-plattform-daten.json\"";
        return Results.Text(json, "application/json; charset=utf-8");
    }

    private static bool English(HttpContext http) => http.Request.PathBase.StartsWithSegments(Language.EnglishPrefix, StringComparison.OrdinalIgnoreCase);
}
