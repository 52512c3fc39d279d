namespace Selbsthilfe.Web.Resources;

/// <summary>Texts of the Embed pages (Embed.resx German, Embed.en.resx English).</summary>
public sealed class Embed;
