namespace Selbsthilfe.Web.Resources;

// Each class names one resource file pair: <Name>.resx (German, the neutral language) and <Name>.en.resx (English).
// Web.Tests fails when a key is missing or empty in either language.

/// <summary>Layout, navigation, error pages and words many pages share.</summary>
public sealed class Shared;
