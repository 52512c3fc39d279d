namespace Selbsthilfe.Web.Resources;

/// <summary>Texts of the Offices pages (Offices.resx German, Offices.en.resx English).</summary>
public sealed class Offices;
