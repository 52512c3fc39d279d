namespace Selbsthilfe.GroupDirectory.Api;

/// <summary>Every public path of this service starts here; the gateway routes by this prefix.</summary>
public static class Routes
{
    public const string Prefix = "/api/directory";
    public const string OpenApi = Prefix + "/openapi/{documentName}.json";
}
