using System.Globalization;
using System.Text;
using Selbsthilfe.Web.Clients;

namespace Selbsthilfe.Web.Components.Pages.Groups;

/// <summary>
/// One meeting as an iCalendar file (RFC 5545) for "add to my calendar": times in UTC (no VTIMEZONE needed), only the
/// place Events shows the public, STATUS:CANCELLED for a meeting that does not take place. Written by hand because
/// the web holds no service code; the feeds of whole groups come from Events (<c>/calendars/…</c>).
/// </summary>
public static class MeetingIcs
{
    public const string ContentType = "text/calendar; charset=utf-8";
    private const string UidDomain = "selbsthilfe-plattform";

    public static string Write(Occurrence meeting, string groupName, string pageUrl, DateTimeOffset now)
    {
        var lines = new List<string>
        {
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Selbsthilfe-Plattform//Web//DE",
            "METHOD:PUBLISH",
            "BEGIN:VEVENT",
            $"UID:{meeting.OccurrenceId}@{UidDomain}",
            $"DTSTAMP:{Utc(now)}",
            $"DTSTART:{Utc(meeting.Start)}",
            $"DTEND:{Utc(meeting.End)}",
            $"SUMMARY:{Text(groupName)}",
        };
        if (Location(meeting.Place) is { } location) lines.Add($"LOCATION:{Text(location)}");
        if (!string.IsNullOrWhiteSpace(meeting.Note)) lines.Add($"DESCRIPTION:{Text(meeting.Note)}");
        lines.Add($"URL:{pageUrl}");
        lines.Add(meeting.Cancelled ? "STATUS:CANCELLED" : "STATUS:CONFIRMED");
        lines.Add("END:VEVENT");
        lines.Add("END:VCALENDAR");

        var ics = new StringBuilder();
        foreach (var line in lines) Fold(ics, line);
        return ics.ToString();
    }

    private static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private static string? Location(MeetingPlace? p)
    {
        if (p is null) return null;
        var parts = new[] { p.Room, p.Address, string.Join(' ', new[] { p.Postcode, p.City }.Where(s => !string.IsNullOrWhiteSpace(s))) }
            .Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!).ToList();
        if (p.Online) parts.Add("online");
        return parts.Count == 0 ? null : string.Join(", ", parts);
    }

    /// <summary>RFC 5545 §3.3.11: backslash, semicolon and comma escaped, newlines as <c>\n</c>.</summary>
    public static string Text(string value) => value
        .Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace(";", "\\;", StringComparison.Ordinal)
        .Replace(",", "\\,", StringComparison.Ordinal)
        .Replace("\r\n", "\\n", StringComparison.Ordinal)
        .Replace("\n", "\\n", StringComparison.Ordinal)
        .Replace("\r", "\\n", StringComparison.Ordinal);

    /// <summary>
    /// RFC 5545 §3.1: lines end in CRLF and are folded so no line is longer than 75 octets (a continuation line starts
    /// with a space, which counts); a fold never splits a UTF-8 sequence, so umlauts stay whole.
    /// </summary>
    public static void Fold(StringBuilder ics, string line)
    {
        var octets = 0;
        var limit = 75;
        var e = StringInfo.GetTextElementEnumerator(line);
        while (e.MoveNext())
        {
            var element = e.GetTextElement();
            var size = Encoding.UTF8.GetByteCount(element);
            if (octets + size > limit)
            {
                ics.Append("\r\n ");
                octets = 1;
            }
            ics.Append(element);
            octets += size;
        }
        ics.Append("\r\n");
    }
}
