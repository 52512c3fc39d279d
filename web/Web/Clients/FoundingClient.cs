namespace Selbsthilfe.Web.Clients;

/// <summary>Founding support: released peer searches ("Gleichbetroffene gesucht"), posting one, showing interest.</summary>
public sealed partial class FoundingClient(HttpClient http)
{
    private const string Service = "founding";

    internal HttpClient Http => http;
    internal static string Name => Service;
}
