namespace Selbsthilfe.Web.Resources;

/// <summary>
/// Words for the directory's codes (audience, setting, openness, accessibility, languages, weekdays): key
/// <c>&lt;Kind&gt;_&lt;code&gt;</c>, e.g. <c>Setting_in-person</c>. One place, so the finder and the group page say the same.
/// </summary>
public sealed class Vocabulary;
