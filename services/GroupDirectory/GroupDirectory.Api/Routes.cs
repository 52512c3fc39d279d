namespace Selbsthilfe.GroupDirectory.Api;

/// <summary>Every public path of this service starts here; the gateway routes by this prefix.</summary>
public static class Routes
{
    public const string Prefix = "/api/directory";
    /// <summary>What peers read (the change feed, the Meeting Guide list); the gateway routes it here as well.</summary>
    public const string Federation = "/federation/v1";
    public const string OpenApi = Prefix + "/openapi/{documentName}.json";
}
