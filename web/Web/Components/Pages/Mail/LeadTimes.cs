using Microsoft.Extensions.Localization;
using Selbsthilfe.Web.Resources;

namespace Selbsthilfe.Web.Components.Pages.Mail;

/// <summary>How long before a meeting a reminder goes out: the choices offered, and how a lead time reads.</summary>
public static class LeadTimes
{
    /// <summary>The choices on the management page; a member's other values (set elsewhere) are shown besides them.</summary>
    public static readonly int[] Choices = [60, 120, 1440, 2880, 10080];

    /// <summary>The service's limits: one to five lead times between 15 minutes and 14 days.</summary>
    public const int Min = 15, Max = 14 * 24 * 60, MaxCount = 5;

    public static string Text(IStringLocalizer<Resources.Mail> t, int minutes) => minutes switch
    {
        10080 => t["LeadWeek"],
        1440 => t["LeadDay"],
        60 => t["LeadHour"],
        _ when minutes % 1440 == 0 => t["LeadDays", minutes / 1440],
        _ when minutes % 60 == 0 => t["LeadHours", minutes / 60],
        _ => t["LeadMinutes", minutes],
    };

    public static string List(IStringLocalizer<Resources.Mail> t, IEnumerable<int> minutes) =>
        string.Join(", ", minutes.Order().Select(m => Text(t, m)));
}
