using System.Globalization;
using Selbsthilfe.Events.Api.Domain;

namespace Selbsthilfe.Events.Tests;

/// <summary>Zones and compact notation for the recurrence tests: dates as "yyyyMMdd", times as "yyyyMMddTHHmm".</summary>
internal static class RecurrenceTestSupport
{
    public static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    public static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static readonly string[] Formats = ["yyyyMMdd'T'HHmmss", "yyyyMMdd'T'HHmm", "yyyyMMdd"];

    public static DateTime Local(string text) =>
        DateTime.ParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None);

    public static DateTimeOffset Instant(string text) =>
        DateTimeOffset.ParseExact(text, "yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture);

    public static RecurrenceSet Series(string start, string? rule, TimeZoneInfo zone, string[]? rdates = null, string[]? exdates = null) =>
        new(Local(start), zone, rule is null ? null : RecurrenceRule.Parse(rule),
            rdates?.Select(Local), exdates?.Select(Local));

    /// <summary>The first <paramref name="take"/> occurrences (all when 0) as local "yyyyMMddTHHmm".</summary>
    public static string[] LocalTimes(RecurrenceSet series, int take = 0)
    {
        var all = series.Between(DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
        return [.. (take > 0 ? all.Take(take) : all).Select(occurrence => Format(occurrence.LocalStart))];
    }

    public static string[] LocalTimes(IEnumerable<Occurrence> occurrences) =>
        [.. occurrences.Select(occurrence => Format(occurrence.LocalStart))];

    /// <summary>"19970902 19970904" with time "0900" gives ["19970902T0900", "19970904T0900"].</summary>
    public static string[] At(string time, string dates) =>
        [.. dates.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(date => date + "T" + time)];

    public static string Format(DateTime local) => local.ToString("yyyyMMdd'T'HHmm", CultureInfo.InvariantCulture);

    /// <summary>The absolute start as "yyyy-MM-ddTHH:mm+hh:mm" in the zone's offset.</summary>
    public static string Format(DateTimeOffset start) => start.ToString("yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture);
}
