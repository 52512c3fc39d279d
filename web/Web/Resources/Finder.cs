namespace Selbsthilfe.Web.Resources;

/// <summary>The start page and the results of the finder.</summary>
public sealed class Finder;
