namespace Selbsthilfe.Web.Clients;

/// <summary>Notifications: reminder subscriptions, the pages behind every mail link, and founding contacts.</summary>
public sealed partial class NotificationsClient(HttpClient http)
{
    private const string Service = "notifications";

    internal HttpClient Http => http;
    internal static string Name => Service;
}
