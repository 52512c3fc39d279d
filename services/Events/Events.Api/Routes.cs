namespace Selbsthilfe.Events.Api;

/// <summary>Every public path of this service starts here; the gateway routes by these prefixes.</summary>
public static class Routes
{
    public const string Prefix = "/api/events";
    public const string Calendars = "/calendars";
    public const string OpenApi = Prefix + "/openapi/{documentName}.json";
}
