namespace Selbsthilfe.Notifications.Api;

/// <summary>Every public path of this service starts here; the gateway routes by this prefix.</summary>
public static class Routes
{
    public const string Prefix = "/api/notifications";
    public const string OpenApi = Prefix + "/openapi/{documentName}.json";
}
