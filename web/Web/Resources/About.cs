namespace Selbsthilfe.Web.Resources;

/// <summary>Texts of the About pages (About.resx German, About.en.resx English).</summary>
public sealed class About;
