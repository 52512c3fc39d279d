using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Selbsthilfe.Events.Api.Domain;
using Selbsthilfe.Events.Api.Scheduling;
using Selbsthilfe.Events.Contracts;

namespace Selbsthilfe.Events.Api.Calendar;

/// <summary>
/// Writes series as an iCalendar feed (RFC 5545) with Ical.Net: one VEVENT per series with its RRULE, RDATE and
/// EXDATE in the series' time zone (with VTIMEZONE), a stable UID and a SEQUENCE that rises with every change; one
/// VEVENT with RECURRENCE-ID per changed meeting (moved, annotated, or STATUS:CANCELLED, also for meetings in a pause).
/// DTSTAMP is the time of the last change, so an unchanged feed is byte-identical (its ETag stays).
/// </summary>
public static class IcsWriter
{
    public const string ContentType = "text/calendar; charset=utf-8";
    private const string UidDomain = "selbsthilfe-plattform";

    /// <summary>Pause cancellations are written for meetings up to this far ahead (a pause "until further notice").</summary>
    private static readonly TimeSpan PauseReach = TimeSpan.FromDays(400);

    public static string Write(string name, IEnumerable<(Domain.Series Series, GroupFacts Group)> found, DateTimeOffset now)
    {
        var calendar = new Ical.Net.Calendar { ProductId = "-//Selbsthilfe-Plattform//Events//DE", Method = "PUBLISH" };
        calendar.AddProperty("X-WR-CALNAME", name);
        var all = found.ToList();
        // Time zones first: some clients read the calendar in one pass and need a TZID defined before it is used.
        foreach (var zone in all.GroupBy(f => f.Series.Zone.Id))
        {
            // Ical.Net reads the zone's transitions from this date up to today: it must not lie in the future.
            var earliest = zone.Min(f => f.Series.StartsLocal);
            if (earliest > now.UtcDateTime) earliest = now.UtcDateTime;
            calendar.AddTimeZone(zone.Key, DateTime.SpecifyKind(earliest, DateTimeKind.Unspecified).AddYears(-1), false);
        }
        foreach (var (series, group) in all)
        {
            // Ended before its first meeting: nothing ever took place (DTSTART would still count as an instance).
            if (series.EndedAt is { } endedEarly && endedEarly <= OccurrencePlan.ToInstant(series.StartsLocal, series.Zone)) continue;
            var tz = series.Zone.Id;
            var recurring = series.Rule is not null || series.RDates.Count > 0;
            var main = Event(series, group, series.StartsLocal, series.Duration, series.Place, null, series.Sequence);
            if (series.Rule is { } rule) main.RecurrenceRule = new Ical.Net.DataTypes.RecurrenceRule(EffectiveRule(series, rule));
            foreach (var rdate in series.RDates.Where(d => series.EndedAt is not { } e || OccurrencePlan.ToInstant(d, series.Zone) < e))
            {
                main.RecurrenceDates.Add(new CalDateTime(rdate, tz));
            }
            foreach (var exdate in series.ExDates) main.ExceptionDates.Add(new CalDateTime(exdate, tz));
            calendar.Events.Add(main);

            var overridden = new HashSet<DateTime>();
            foreach (var o in series.Overrides)
            {
                // A change to a meeting the series no longer has (or has after it ended) would show as an extra one.
                if (!OccurrencePlan.IsInstance(series, o.RecurrenceLocal)) continue;
                if (series.EndedAt is { } ended && OccurrencePlan.ToInstant(o.RecurrenceLocal, series.Zone) >= ended) continue;
                overridden.Add(o.RecurrenceLocal);
                var date = DateOnly.FromDateTime(o.RecurrenceLocal);
                var cancelled = o.Cancelled ?? series.Pauses.Any(p => p.From <= date && date <= p.To);
                var note = o.Note ?? (cancelled ? series.Pauses.FirstOrDefault(p => p.From <= date && date <= p.To)?.Reason : null);
                if (!recurring)
                {
                    // A one-off event has no instances to address: the change applies to the event itself.
                    Apply(main, series, group, o.StartsLocal ?? series.StartsLocal, o.Duration ?? series.Duration, o.Place ?? series.Place, note,
                        Math.Max(series.Sequence, o.Sequence), cancelled);
                    continue;
                }
                var changed = Event(series, group, o.StartsLocal ?? o.RecurrenceLocal, o.Duration ?? series.Duration, o.Place ?? series.Place,
                    note, Math.Max(series.Sequence, o.Sequence));
                changed.RecurrenceIdentifier = new RecurrenceIdentifier(new CalDateTime(o.RecurrenceLocal, tz), null);
                if (cancelled) changed.Status = "CANCELLED";
                calendar.Events.Add(changed);
            }
            foreach (var pause in series.Pauses)
            {
                var from = OccurrencePlan.ToInstant(pause.From.ToDateTime(TimeOnly.MinValue), series.Zone);
                var to = OccurrencePlan.ToInstant(pause.To.AddDays(1).ToDateTime(TimeOnly.MinValue), series.Zone);
                if (to > now + PauseReach) to = now + PauseReach;
                if (series.EndedAt is { } ended && to > ended) to = ended;
                foreach (var instance in OccurrencePlan.Expand(series, from, to))
                {
                    if (!overridden.Add(instance.LocalStart)) continue;
                    if (!recurring)
                    {
                        Apply(main, series, group, series.StartsLocal, series.Duration, series.Place, pause.Reason, series.Sequence, cancelled: true);
                        continue;
                    }
                    var cancelled = Event(series, group, instance.LocalStart, series.Duration, series.Place, pause.Reason, series.Sequence);
                    cancelled.RecurrenceIdentifier = new RecurrenceIdentifier(new CalDateTime(instance.LocalStart, tz), null);
                    cancelled.Status = "CANCELLED";
                    calendar.Events.Add(cancelled);
                }
            }
        }
        return new CalendarSerializer().SerializeToString(calendar)!;
    }

    /// <summary>A strong validator of the feed's bytes.</summary>
    public static string ETag(string ics) =>
        "\"" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(ics)), 0, 18).Replace('+', '-').Replace('/', '_') + "\"";

    public static string Uid(Guid seriesId) => $"{seriesId}@{UidDomain}";

    private static CalendarEvent Event(Domain.Series series, GroupFacts group, DateTime startLocal, TimeSpan duration, Place place,
        string? note, int sequence)
    {
        var e = new CalendarEvent { Uid = Uid(series.Id), DtStamp = new CalDateTime(series.UpdatedAt.UtcDateTime, "UTC") };
        Apply(e, series, group, startLocal, duration, place, note, sequence, cancelled: false);
        return e;
    }

    private static void Apply(CalendarEvent e, Domain.Series series, GroupFacts group, DateTime startLocal, TimeSpan duration, Place place,
        string? note, int sequence, bool cancelled)
    {
        e.DtStart = new CalDateTime(startLocal, series.Zone.Id);
        e.DtEnd = new CalDateTime(startLocal + duration, series.Zone.Id);
        e.Sequence = sequence;
        e.Summary = series.Title ?? group.Name ?? "Gruppentreffen";
        e.Location = Location(Materialiser.PublicPlace(place, group.AddressPublic));
        e.Description = string.Join("\n\n", new[] { note, series.Description }.Where(t => !string.IsNullOrEmpty(t)));
        if (string.IsNullOrEmpty(e.Description)) e.Description = null;
        e.Status = cancelled ? "CANCELLED" : "CONFIRMED";
    }

    private static string? Location(MeetingPlace p)
    {
        var parts = new[] { p.Room, p.Address, string.Join(' ', new[] { p.Postcode, p.City }.Where(s => s is not null)) }
            .Where(s => !string.IsNullOrWhiteSpace(s)).ToList();
        if (p.Online) parts.Add("online");
        return parts.Count == 0 ? null : string.Join(", ", parts);
    }

    /// <summary>The rule as written, cut off where an office ended the series early.</summary>
    private static string EffectiveRule(Domain.Series series, Domain.RecurrenceRule rule)
    {
        if (series.EndedAt is not { } endedAt) return rule.ToString();
        var last = OccurrencePlan.Expand(series with { RDates = [], ExDates = [] }, DateTimeOffset.MinValue.AddYears(1), endedAt).Select(o => (Domain.Occurrence?)o).LastOrDefault();
        var parts = rule.ToString().Split(';').Where(p => !p.StartsWith("COUNT=", StringComparison.Ordinal) && !p.StartsWith("UNTIL=", StringComparison.Ordinal));
        var until = last is { } l ? l.LocalStart : series.StartsLocal.AddSeconds(-1);
        var untilUtc = OccurrencePlan.ToInstant(until, series.Zone).UtcDateTime;
        return string.Join(';', parts.Append("UNTIL=" + untilUtc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)));
    }
}
