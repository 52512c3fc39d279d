using Selbsthilfe.Events.Api.Domain;
using static Selbsthilfe.Events.Tests.RecurrenceTestSupport;

namespace Selbsthilfe.Events.Tests;

public class RecurrenceTextTests
{
    [Theory]
    [InlineData(null, "20260113T190000", 120, "einmalig am 13.01.2026, 19:00–21:00 Uhr")]
    [InlineData("FREQ=MONTHLY;BYDAY=2TU", "20260113T190000", 120, "jeden 2. Dienstag im Monat, 19:00–21:00 Uhr")]
    [InlineData("FREQ=WEEKLY", "20260107T183000", 90, "jeden Mittwoch, 18:30–20:00 Uhr")]
    [InlineData("FREQ=WEEKLY;INTERVAL=2", "20260107T183000", 90, "alle 2 Wochen mittwochs, 18:30–20:00 Uhr")]
    [InlineData("FREQ=WEEKLY;BYDAY=TH,MO", "20260105T100000", 60, "jeden Montag und Donnerstag, 10:00–11:00 Uhr")]
    [InlineData("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "20260105T100000", 60, "montags bis freitags, 10:00–11:00 Uhr")]
    [InlineData("FREQ=MONTHLY;BYDAY=-1FR", "20260130T190000", 120, "jeden letzten Freitag im Monat, 19:00–21:00 Uhr")]
    [InlineData("FREQ=MONTHLY;BYMONTHDAY=15", "20260115T190000", 120, "am 15. jedes Monats, 19:00–21:00 Uhr")]
    [InlineData("FREQ=MONTHLY", "20260115T190000", 120, "am 15. jedes Monats, 19:00–21:00 Uhr")]
    [InlineData("FREQ=MONTHLY;BYDAY=1MO,3MO", "20260105T190000", 120, "jeden 1. und 3. Montag im Monat, 19:00–21:00 Uhr")]
    [InlineData("FREQ=MONTHLY;BYDAY=1MO,3WE", "20260105T190000", 120, "jeden 1. Montag und 3. Mittwoch im Monat, 19:00–21:00 Uhr")]
    [InlineData("FREQ=MONTHLY;BYMONTHDAY=-1", "20260131T190000", 120, "am letzten Tag jedes Monats, 19:00–21:00 Uhr")]
    [InlineData("FREQ=MONTHLY;BYMONTHDAY=31", "20260131T190000", 120, "am 31. jedes Monats (der 31. entfällt in kürzeren Monaten), 19:00–21:00 Uhr")]
    [InlineData("FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU", "20260113T190000", 120, "alle 3 Monate am 2. Dienstag, 19:00–21:00 Uhr")]
    [InlineData("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", "20260130T170000", 60, "jeden letzten Werktag (Montag bis Freitag) im Monat, 17:00–18:00 Uhr")]
    [InlineData("FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13", "20260213T200000", 0, "jeden Freitag, der auf einen 13. fällt, 20:00 Uhr")]
    [InlineData("FREQ=MONTHLY;BYDAY=2TU;BYMONTH=1,3", "20260113T190000", 120, "jeden 2. Dienstag im Monat, nur im Januar und März, 19:00–21:00 Uhr")]
    [InlineData("FREQ=DAILY", "20260113T073000", 30, "täglich, 07:30–08:00 Uhr")]
    [InlineData("FREQ=DAILY;INTERVAL=3", "20260113T073000", 30, "alle 3 Tage, 07:30–08:00 Uhr")]
    [InlineData("FREQ=YEARLY", "20261003T110000", 240, "jährlich am 3. Oktober, 11:00–15:00 Uhr")]
    [InlineData("FREQ=YEARLY;BYMONTH=11;BYDAY=4TH", "20261126T120000", 180, "jährlich am 4. Donnerstag im November, 12:00–15:00 Uhr")]
    [InlineData("FREQ=YEARLY;BYMONTH=3;BYDAY=TH", "20260305T190000", 120, "jeden Donnerstag im März, 19:00–21:00 Uhr")]
    [InlineData("FREQ=WEEKLY", "20260107T220000", 180, "jeden Mittwoch, 22:00–01:00 Uhr")]
    [InlineData("FREQ=DAILY;BYHOUR=9,17", "20260113T090000", 60, "täglich, um 09:00 und 17:00 Uhr, jeweils 1 Std.")]
    public void Common_series_read_as_natural_german(string? rule, string start, int minutes, string expected)
    {
        var text = RecurrenceText.Describe(rule is null ? null : RecurrenceRule.Parse(rule), Local(start), TimeSpan.FromMinutes(minutes));

        Assert.Equal(expected, text);
    }

    [Theory]
    [InlineData("FREQ=MONTHLY;BYDAY=2TU;UNTIL=20270630", "jeden 2. Dienstag im Monat, 19:00–21:00 Uhr (bis 30.06.2027)")]
    [InlineData("FREQ=MONTHLY;BYDAY=2TU;COUNT=10", "jeden 2. Dienstag im Monat, 19:00–21:00 Uhr (10 Termine)")]
    [InlineData("FREQ=MONTHLY;BYDAY=2TU;COUNT=1", "jeden 2. Dienstag im Monat, 19:00–21:00 Uhr (1 Termin)")]
    [InlineData("FREQ=MONTHLY;BYDAY=2TU;UNTIL=20261231T230000Z", "jeden 2. Dienstag im Monat, 19:00–21:00 Uhr (bis 01.01.2027)")]
    public void Until_and_count_end_the_sentence(string rule, string expected)
    {
        var text = RecurrenceText.Describe(RecurrenceRule.Parse(rule), Local("20260113T190000"), TimeSpan.FromHours(2), Berlin);

        Assert.Equal(expected, text);
    }

    [Theory]
    [InlineData("FREQ=MONTHLY;BYDAY=TU,WE,TH;BYSETPOS=3", "19970904T090000", 60,
        "monatlich (Wochentage: Dienstag, Mittwoch, Donnerstag; davon der 3. Termin je Monat), 09:00–10:00 Uhr")]
    [InlineData("FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO", "19970512T090000", 60, "jährlich (Kalenderwoche: 20; Wochentag: Montag), 09:00–10:00 Uhr")]
    [InlineData("FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3,10;BYSETPOS=1", "20260329T090000", 60,
        "jährlich (Monate: März, Oktober; Wochentag: letzter Sonntag; davon der 1. Termin je Jahr), 09:00–10:00 Uhr")]
    [InlineData("FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=1,-1;BYSETPOS=-1", "20260131T090000", 0,
        "alle 2 Monate (Monatstage: 1., letzter; davon der letzte Termin je Monat), 09:00 Uhr")]
    [InlineData("FREQ=MINUTELY;INTERVAL=15;COUNT=6", "19970902T090000", 10,
        "alle 15 Minuten, erster Termin am 02.09.1997 um 09:00 Uhr, jeweils 10 Min. (6 Termine)")]
    [InlineData("FREQ=HOURLY;INTERVAL=3;BYHOUR=9,12,15", "19970902T090000", 0,
        "alle 3 Stunden (Stunden: 9, 12, 15), erster Termin am 02.09.1997 um 09:00 Uhr")]
    public void Other_rules_list_their_parts_plainly(string rule, string start, int minutes, string expected)
    {
        var text = RecurrenceText.Describe(RecurrenceRule.Parse(rule), Local(start), TimeSpan.FromMinutes(minutes));

        Assert.Equal(expected, text);
    }
}
