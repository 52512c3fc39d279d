using Selbsthilfe.Events.Api.Domain;
using static Selbsthilfe.Events.Tests.RecurrenceTestSupport;

namespace Selbsthilfe.Events.Tests;

/// <summary>
/// A window query without COUNT jumps to the window's period; it must give exactly what walking from DTSTART gives.
/// The walk from DTSTART is the same query with the window opened to the beginning of time, then cut.
/// </summary>
public class RecurrenceSkipAheadTests
{
    public static TheoryData<string, string> Rules => new()
    {
        { "20240104T190000", "FREQ=WEEKLY" },
        { "20240102T190000", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;WKST=SU" },
        { "20240107T190000", "FREQ=WEEKLY;INTERVAL=3;BYDAY=SU,MO;WKST=MO" },
        { "20240109T190000", "FREQ=MONTHLY;BYDAY=2TU" },
        { "20240126T190000", "FREQ=MONTHLY;INTERVAL=2;BYDAY=-1FR" },
        { "20240131T190000", "FREQ=MONTHLY;BYMONTHDAY=31,-1" },
        { "20240131T170000", "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1" },
        { "20240101T023000", "FREQ=DAILY;INTERVAL=3" },
        { "20240101T090000", "FREQ=DAILY;BYHOUR=9,17;BYMINUTE=0,30;BYDAY=MO,WE" },
        { "20240101T190000", "FREQ=YEARLY;BYWEEKNO=1,-1;BYDAY=MO" },
        { "20240229T190000", "FREQ=YEARLY;INTERVAL=2" },
        { "20240101T190000", "FREQ=YEARLY;BYYEARDAY=1,-1,100" },
        { "20240101T020000", "FREQ=HOURLY;INTERVAL=5;BYDAY=SU" },
        { "20240101T090000", "FREQ=MINUTELY;INTERVAL=7;BYHOUR=9;BYMINUTE=0,10,20,30,40,50" },
        { "20240105T190000", "FREQ=WEEKLY;UNTIL=20270101T000000Z" },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Skipping_to_the_window_gives_the_same_occurrences_as_walking_from_dtstart(string start, string rule)
    {
        var series = Series(start, rule, Berlin, rdates: ["20250330T023000", "20260615T120000"], exdates: ["20260114T190000"]);
        var random = new Random(5545);
        for (var i = 0; i < 40; i++)
        {
            var from = Instant("2023-12-01T00:00+01:00").AddMinutes(random.Next(0, 4 * 365 * 24 * 60));
            var to = from.AddDays(random.Next(0, 3) == 0 ? random.Next(0, 3) : 60).AddMinutes(random.Next(0, 600));

            var skipped = series.Between(from, to).ToArray();
            var walked = series.Between(DateTimeOffset.MinValue, to).Where(o => o.Start >= from).ToArray();

            Assert.Equal(walked, skipped);
        }
    }

    [Fact]
    public void Windows_around_both_dst_changes_agree_with_walking_from_dtstart()
    {
        var series = Series("20260101T020000", "FREQ=HOURLY", Berlin);
        var from = Instant("2026-03-29T00:15+01:00");
        var to = Instant("2026-10-25T04:00+01:00");

        var skipped = series.Between(from, to).ToArray();
        var walked = series.Between(DateTimeOffset.MinValue, to).Where(o => o.Start >= from).ToArray();

        Assert.Equal(walked, skipped);
        Assert.Equal(skipped.OrderBy(o => o.Start).Select(o => o.Start.UtcTicks).Distinct(), skipped.Select(o => o.Start.UtcTicks));
    }
}
