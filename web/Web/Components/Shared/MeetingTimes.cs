using System.Globalization;

namespace Selbsthilfe.Web.Components.Shared;

/// <summary>Meeting times as people read them: local time in Germany, in the page's language.</summary>
public static class MeetingTimes
{
    public static DateTime Local(DateTimeOffset instant) => Berlin.Local(instant).DateTime;

    /// <summary>"Dienstag, 15. Dezember, 18:30 Uhr" or "Tuesday 15 December, 18:30".</summary>
    public static string Format(DateTimeOffset instant)
    {
        var local = Local(instant);
        return Language.IsEnglish
            ? local.ToString("dddd d MMMM, HH:mm", CultureInfo.CurrentCulture)
            : local.ToString("dddd, d. MMMM, HH:mm 'Uhr'", CultureInfo.CurrentCulture);
    }

    /// <summary>The machine-readable value for <c>&lt;time datetime&gt;</c>.</summary>
    public static string Iso(DateTimeOffset instant) => instant.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
