namespace Selbsthilfe.Gateway;

public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>Largest request body accepted at the edge; services may enforce smaller limits.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Writes (POST, PUT, PATCH, DELETE) one client may make per window. Public writes such as subscription requests
    /// are a mail-bombing vector; reads are not limited here.
    /// </summary>
    public int WritesPerWindow { get; set; } = 60;

    public TimeSpan WriteWindow { get; set; } = TimeSpan.FromMinutes(1);
}
