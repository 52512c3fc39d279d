namespace Selbsthilfe.Web;

/// <summary>Settings under <c>Site</c>: who runs this instance (imprint, privacy, accessibility feedback).</summary>
public sealed class SiteOptions
{
    public const string Section = "Site";

    /// <summary>Where people reach the site (the gateway), for absolute links such as <c>webcal://</c>.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:8080";

    /// <summary>The operator's name, as the imprint names it.</summary>
    public string Operator { get; set; } = "Selbsthilfe-Plattform (Demo-Instanz)";

    /// <summary>Postal address of the operator for the imprint (lines separated by newlines).</summary>
    public string OperatorAddress { get; set; } = "Musterstraße 1\n14467 Potsdam";

    /// <summary>Where people report accessibility barriers and privacy questions.</summary>
    public string ContactEmail { get; set; } = "barrierefreiheit@selbsthilfe.example";

    /// <summary>Extra text for the imprint and privacy pages an operator adds (plain text, paragraphs by blank lines).</summary>
    public string? ImprintText { get; set; }
    public string? PrivacyText { get; set; }
}
