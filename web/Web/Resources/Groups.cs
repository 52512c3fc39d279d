namespace Selbsthilfe.Web.Resources;

/// <summary>Texts of the group page (Groups.resx German, Groups.en.resx English).</summary>
public sealed class Groups;
