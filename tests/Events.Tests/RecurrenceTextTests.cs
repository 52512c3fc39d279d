using Selbsthilfe.Events.Api.Domain;

namespace Selbsthilfe.Events.Tests;

public sealed class RecurrenceTextTests
{
    [Theory]
    [InlineData("FREQ=MONTHLY;BYDAY=2TU", "2026-12-08T19:00", 120, "jeden 2. Dienstag im Monat, 19:00–21:00 Uhr")]
    [InlineData("FREQ=MONTHLY;BYDAY=-1FR", "2026-12-25T18:00", 90, "jeden letzten Freitag im Monat, 18:00–19:30 Uhr")]
    [InlineData("FREQ=MONTHLY;BYDAY=1MO,3MO", "2026-12-07T10:00", 60, "jeden 1. und 3. Montag im Monat, 10:00–11:00 Uhr")]
    [InlineData("FREQ=WEEKLY", "2026-12-02T18:30", 90, "jeden Mittwoch, 18:30–20:00 Uhr")]
    [InlineData("FREQ=WEEKLY;BYDAY=TH,MO", "2026-12-03T18:30", 90, "jeden Montag und Donnerstag, 18:30–20:00 Uhr")]
    [InlineData("FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", "2026-12-02T18:30", 90, "alle 2 Wochen mittwochs, 18:30–20:00 Uhr")]
    [InlineData("FREQ=MONTHLY;BYMONTHDAY=15", "2026-12-15T19:00", 60, "am 15. jedes Monats, 19:00–20:00 Uhr")]
    [InlineData("FREQ=MONTHLY;BYMONTHDAY=-1", "2026-12-31T19:00", 60, "am letzten Tag jedes Monats, 19:00–20:00 Uhr")]
    [InlineData("FREQ=YEARLY", "2026-10-03T11:00", 240, "jährlich am 3. Oktober, 11:00–15:00 Uhr")]
    [InlineData("FREQ=DAILY;COUNT=5", "2026-12-01T09:00", 30, "täglich, 09:00–09:30 Uhr (5 Termine)")]
    [InlineData("FREQ=WEEKLY;UNTIL=20270630", "2026-12-01T19:00", 60, "jeden Dienstag, 19:00–20:00 Uhr (bis 30.06.2027)")]
    [InlineData("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", "2026-12-31T19:00", 60,
        "wiederkehrend nach der Regel FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1, 19:00–20:00 Uhr")]
    public void Common_rules_read_as_German_sentences(string rule, string start, int minutes, string expected)
    {
        var sentence = RecurrenceText.Describe(RecurrenceRule.Parse(rule), DateTime.Parse(start, System.Globalization.CultureInfo.InvariantCulture),
            TimeSpan.FromMinutes(minutes));
        Assert.Equal(expected, sentence);
    }

    [Fact]
    public void A_one_off_event_reads_with_its_date() =>
        Assert.Equal("einmalig am 14.01.2027, 18:00–20:00 Uhr",
            RecurrenceText.Describe(null, new DateTime(2027, 1, 14, 18, 0, 0), TimeSpan.FromHours(2)));
}
