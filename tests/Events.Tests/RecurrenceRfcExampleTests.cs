using Selbsthilfe.Events.Api.Domain;
using static Selbsthilfe.Events.Tests.RecurrenceTestSupport;

namespace Selbsthilfe.Events.Tests;

/// <summary>
/// The examples of RFC 5545 §3.8.5.3 (https://www.rfc-editor.org/rfc/rfc5545#section-3.8.5.3), all with
/// DTSTART;TZID=America/New_York at 09:00 unless a test says otherwise; date lists as the RFC gives them.
/// </summary>
public class RecurrenceRfcExampleTests
{
    [Theory]
    [InlineData("Daily for 10 occurrences", "19970902T090000", "FREQ=DAILY;COUNT=10", 0, "19970902 19970903 19970904 19970905 19970906 19970907 19970908 19970909 19970910 19970911")]
    [InlineData("Every other day", "19970902T090000", "FREQ=DAILY;INTERVAL=2", 6, "19970902 19970904 19970906 19970908 19970910 19970912")]
    [InlineData("Every 10 days, 5 occurrences", "19970902T090000", "FREQ=DAILY;INTERVAL=10;COUNT=5", 0, "19970902 19970912 19970922 19971002 19971012")]
    [InlineData("Weekly for 10 occurrences", "19970902T090000", "FREQ=WEEKLY;COUNT=10", 0, "19970902 19970909 19970916 19970923 19970930 19971007 19971014 19971021 19971028 19971104")]
    [InlineData("Every other week", "19970902T090000", "FREQ=WEEKLY;INTERVAL=2;WKST=SU", 13, "19970902 19970916 19970930 19971014 19971028 19971111 19971125 19971209 19971223 19980106 19980120 19980203 19980217")]
    [InlineData("Weekly on Tuesday and Thursday for five weeks", "19970902T090000", "FREQ=WEEKLY;COUNT=10;WKST=SU;BYDAY=TU,TH", 0, "19970902 19970904 19970909 19970911 19970916 19970918 19970923 19970925 19970930 19971002")]
    [InlineData("Every other week on Tuesday and Thursday, for 8 occurrences", "19970902T090000", "FREQ=WEEKLY;INTERVAL=2;COUNT=8;WKST=SU;BYDAY=TU,TH", 0, "19970902 19970904 19970916 19970918 19970930 19971002 19971014 19971016")]
    [InlineData("Every other week on Monday, Wednesday and Friday until December 24", "19970901T090000", "FREQ=WEEKLY;INTERVAL=2;UNTIL=19971224T000000Z;WKST=SU;BYDAY=MO,WE,FR", 0, "19970901 19970903 19970905 19970915 19970917 19970919 19970929 19971001 19971003 19971013 19971015 19971017 19971027 19971029 19971031 19971110 19971112 19971114 19971124 19971126 19971128 19971208 19971210 19971212 19971222")]
    [InlineData("Monthly on the first Friday until December 24", "19970905T090000", "FREQ=MONTHLY;UNTIL=19971224T000000Z;BYDAY=1FR", 0, "19970905 19971003 19971107 19971205")]
    [InlineData("Monthly on the first Friday for 10 occurrences", "19970905T090000", "FREQ=MONTHLY;COUNT=10;BYDAY=1FR", 0, "19970905 19971003 19971107 19971205 19980102 19980206 19980306 19980403 19980501 19980605")]
    [InlineData("Every other month on the first and last Sunday, 10 occurrences", "19970907T090000", "FREQ=MONTHLY;INTERVAL=2;COUNT=10;BYDAY=1SU,-1SU", 0, "19970907 19970928 19971102 19971130 19980104 19980125 19980301 19980329 19980503 19980531")]
    [InlineData("Monthly on the second-to-last Monday for 6 months", "19970922T090000", "FREQ=MONTHLY;COUNT=6;BYDAY=-2MO", 0, "19970922 19971020 19971117 19971222 19980119 19980216")]
    [InlineData("Monthly on the third-to-the-last day", "19970928T090000", "FREQ=MONTHLY;BYMONTHDAY=-3", 6, "19970928 19971029 19971128 19971229 19980129 19980226")]
    [InlineData("Monthly on the 2nd and 15th for 10 occurrences", "19970902T090000", "FREQ=MONTHLY;COUNT=10;BYMONTHDAY=2,15", 0, "19970902 19970915 19971002 19971015 19971102 19971115 19971202 19971215 19980102 19980115")]
    [InlineData("Monthly on the first and last day for 10 occurrences", "19970930T090000", "FREQ=MONTHLY;COUNT=10;BYMONTHDAY=1,-1", 0, "19970930 19971001 19971031 19971101 19971130 19971201 19971231 19980101 19980131 19980201")]
    [InlineData("Every 18 months on the 10th thru 15th for 10 occurrences", "19970910T090000", "FREQ=MONTHLY;INTERVAL=18;COUNT=10;BYMONTHDAY=10,11,12,13,14,15", 0, "19970910 19970911 19970912 19970913 19970914 19970915 19990310 19990311 19990312 19990313")]
    [InlineData("Every Tuesday, every other month", "19970902T090000", "FREQ=MONTHLY;INTERVAL=2;BYDAY=TU", 18, "19970902 19970909 19970916 19970923 19970930 19971104 19971111 19971118 19971125 19980106 19980113 19980120 19980127 19980303 19980310 19980317 19980324 19980331")]
    [InlineData("Yearly in June and July for 10 occurrences", "19970610T090000", "FREQ=YEARLY;COUNT=10;BYMONTH=6,7", 0, "19970610 19970710 19980610 19980710 19990610 19990710 20000610 20000710 20010610 20010710")]
    [InlineData("Every other year on January, February and March for 10 occurrences", "19970310T090000", "FREQ=YEARLY;INTERVAL=2;COUNT=10;BYMONTH=1,2,3", 0, "19970310 19990110 19990210 19990310 20010110 20010210 20010310 20030110 20030210 20030310")]
    [InlineData("Every third year on the 1st, 100th and 200th day for 10 occurrences", "19970101T090000", "FREQ=YEARLY;INTERVAL=3;COUNT=10;BYYEARDAY=1,100,200", 0, "19970101 19970410 19970719 20000101 20000409 20000718 20030101 20030410 20030719 20060101")]
    [InlineData("Every 20th Monday of the year", "19970519T090000", "FREQ=YEARLY;BYDAY=20MO", 3, "19970519 19980518 19990517")]
    [InlineData("Monday of week number 20", "19970512T090000", "FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO", 3, "19970512 19980511 19990517")]
    [InlineData("Every Thursday in March", "19970313T090000", "FREQ=YEARLY;BYMONTH=3;BYDAY=TH", 11, "19970313 19970320 19970327 19980305 19980312 19980319 19980326 19990304 19990311 19990318 19990325")]
    [InlineData("Every Thursday in June, July and August", "19970605T090000", "FREQ=YEARLY;BYDAY=TH;BYMONTH=6,7,8", 39, "19970605 19970612 19970619 19970626 19970703 19970710 19970717 19970724 19970731 19970807 19970814 19970821 19970828 19980604 19980611 19980618 19980625 19980702 19980709 19980716 19980723 19980730 19980806 19980813 19980820 19980827 19990603 19990610 19990617 19990624 19990701 19990708 19990715 19990722 19990729 19990805 19990812 19990819 19990826")]
    [InlineData("The first Saturday that follows the first Sunday of the month", "19970913T090000", "FREQ=MONTHLY;BYDAY=SA;BYMONTHDAY=7,8,9,10,11,12,13", 10, "19970913 19971011 19971108 19971213 19980110 19980207 19980307 19980411 19980509 19980613")]
    [InlineData("US presidential election day", "19961105T090000", "FREQ=YEARLY;INTERVAL=4;BYMONTH=11;BYDAY=TU;BYMONTHDAY=2,3,4,5,6,7,8", 3, "19961105 20001107 20041102")]
    [InlineData("The third instance of Tuesday, Wednesday or Thursday, for 3 months", "19970904T090000", "FREQ=MONTHLY;COUNT=3;BYDAY=TU,WE,TH;BYSETPOS=3", 0, "19970904 19971007 19971106")]
    [InlineData("The second-to-last weekday of the month", "19970929T090000", "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2", 7, "19970929 19971030 19971127 19971230 19980129 19980226 19980330")]
    [InlineData("The last work day of the month", "19970930T090000", "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", 6, "19970930 19971031 19971128 19971231 19980130 19980227")]
    [InlineData("WKST=MO", "19970805T090000", "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO", 0, "19970805 19970810 19970819 19970824")]
    [InlineData("WKST=SU", "19970805T090000", "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU", 0, "19970805 19970817 19970819 19970831")]
    [InlineData("An invalid date (February 30) is ignored", "20070115T090000", "FREQ=MONTHLY;BYMONTHDAY=15,30;COUNT=5", 0, "20070115 20070130 20070215 20070315 20070330")]
    public void Rfc_example_expands_to_the_listed_dates(string example, string start, string rule, int take, string dates)
    {
        var series = Series(start, rule, NewYork);

        Assert.True(LocalTimes(series, take).SequenceEqual(At("0900", dates)), example);
    }

    [Fact]
    public void Daily_until_december_24_ends_on_the_23rd_because_until_is_midnight_utc()
    {
        var series = Series("19970902T090000", "FREQ=DAILY;UNTIL=19971224T000000Z", NewYork);

        var times = LocalTimes(series);

        Assert.Equal(113, times.Length);
        Assert.Equal("19971223T0900", times[^1]);
    }

    [Fact]
    public void Every_day_in_january_for_3_years_is_the_same_as_yearly_or_daily()
    {
        var yearly = LocalTimes(Series("19980101T090000", "FREQ=YEARLY;UNTIL=20000131T140000Z;BYMONTH=1;BYDAY=SU,MO,TU,WE,TH,FR,SA", NewYork));
        var daily = LocalTimes(Series("19980101T090000", "FREQ=DAILY;UNTIL=20000131T140000Z;BYMONTH=1", NewYork));

        Assert.Equal(93, yearly.Length);
        Assert.Equal(yearly, daily);
        Assert.Equal(["19980101T0900", "19980131T0900", "19990101T0900"], [yearly[0], yearly[30], yearly[31]]);
        Assert.Equal("20000131T0900", yearly[^1]);
    }

    [Fact]
    public void Weekly_for_10_occurrences_moves_to_eastern_standard_time_after_october_26()
    {
        var starts = Series("19970902T090000", "FREQ=WEEKLY;COUNT=10", NewYork).All().Select(o => Format(o.Start)).ToArray();

        Assert.Equal("1997-10-21T09:00-04:00", starts[7]);
        Assert.Equal("1997-10-28T09:00-05:00", starts[8]);
    }

    [Fact]
    public void Every_friday_the_13th_leaves_out_the_excluded_start()
    {
        var series = Series("19970902T090000", "FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13", NewYork, exdates: ["19970902T090000"]);

        Assert.Equal(At("0900", "19980213 19980313 19981113 19990813 20001013"), LocalTimes(series, 5));
    }

    [Fact]
    public void Every_3_hours_from_9_to_5_stops_at_the_utc_until()
    {
        // The RFC lists 09:00, 12:00 and 15:00 EDT, but UNTIL=17:00Z is 13:00 EDT (a known erratum); a floating
        // UNTIL of 17:00 gives the RFC's list.
        var utc = Series("19970902T090000", "FREQ=HOURLY;INTERVAL=3;UNTIL=19970902T170000Z", NewYork);
        var floating = Series("19970902T090000", "FREQ=HOURLY;INTERVAL=3;UNTIL=19970902T170000", NewYork);

        Assert.Equal(["19970902T0900", "19970902T1200"], LocalTimes(utc));
        Assert.Equal(["19970902T0900", "19970902T1200", "19970902T1500"], LocalTimes(floating));
    }

    [Fact]
    public void Every_15_minutes_for_6_occurrences()
    {
        var series = Series("19970902T090000", "FREQ=MINUTELY;INTERVAL=15;COUNT=6", NewYork);

        Assert.Equal(["19970902T0900", "19970902T0915", "19970902T0930", "19970902T0945", "19970902T1000", "19970902T1015"],
            LocalTimes(series));
    }

    [Fact]
    public void Every_hour_and_a_half_for_4_occurrences()
    {
        var series = Series("19970902T090000", "FREQ=MINUTELY;INTERVAL=90;COUNT=4", NewYork);

        Assert.Equal(["19970902T0900", "19970902T1030", "19970902T1200", "19970902T1330"], LocalTimes(series));
    }

    [Fact]
    public void Every_20_minutes_from_9_to_16_40_is_the_same_daily_or_minutely()
    {
        var daily = LocalTimes(Series("19970902T090000", "FREQ=DAILY;BYHOUR=9,10,11,12,13,14,15,16;BYMINUTE=0,20,40", NewYork), 48);
        var minutely = LocalTimes(Series("19970902T090000", "FREQ=MINUTELY;INTERVAL=20;BYHOUR=9,10,11,12,13,14,15,16", NewYork), 48);

        Assert.Equal(daily, minutely);
        Assert.Equal(["19970902T0900", "19970902T0920", "19970902T1640", "19970903T0900", "19970903T1640"],
            [daily[0], daily[1], daily[23], daily[24], daily[47]]);
    }
}
