namespace Selbsthilfe.Web.Components.Pages.Mail;

/// <summary>Links between the mail-link pages, relative to the page's base so they keep the language.</summary>
public static class ManageLinks
{
    /// <summary>
    /// Whether a query's token is worth asking the service about. Only the service can tell a valid one; this keeps
    /// out what is plainly none (missing, or longer than any token the service writes).
    /// </summary>
    public static bool Plausible(string? token) => !string.IsNullOrWhiteSpace(token) && token.Length <= 512;

    private static string Q(string token) => "?token=" + Uri.EscapeDataString(token);

    public static string Manage(string token) => "verwalten" + Q(token);
    public static string Export(string token) => "verwalten/export" + Q(token);
    public static string ExportJson(string token) => "verwalten/export.json" + Q(token);
    public static string Erase(string token) => "verwalten/loeschen" + Q(token);
}
