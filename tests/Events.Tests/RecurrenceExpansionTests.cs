using Selbsthilfe.Events.Api.Domain;
using static Selbsthilfe.Events.Tests.RecurrenceTestSupport;

namespace Selbsthilfe.Events.Tests;

/// <summary>Hand-checked series in Europe/Berlin; 2026 changes to summer time on 29 March and back on 25 October.</summary>
public class RecurrenceExpansionTests
{
    [Fact]
    public void Weekly_19_00_meeting_stays_at_19_00_local_across_both_dst_changes()
    {
        var series = Series("20260108T190000", "FREQ=WEEKLY", Berlin);

        var spring = series.Between(Instant("2026-03-20T00:00+01:00"), Instant("2026-04-05T00:00+02:00")).ToArray();
        var autumn = series.Between(Instant("2026-10-20T00:00+02:00"), Instant("2026-11-02T00:00+01:00")).ToArray();

        Assert.Equal(["2026-03-26T19:00+01:00", "2026-04-02T19:00+02:00"], spring.Select(o => Format(o.Start)));
        Assert.Equal(["2026-10-22T19:00+02:00", "2026-10-29T19:00+01:00"], autumn.Select(o => Format(o.Start)));
        Assert.Equal([18, 17, 17, 18], spring.Concat(autumn).Select(o => o.Start.UtcDateTime.Hour));
    }

    [Theory]
    [InlineData("20260113T190000", "FREQ=MONTHLY;BYDAY=2TU", "20260113 20260210 20260310 20260414 20260512 20260609 20260714 20260811 20260908 20261013 20261110 20261208")]
    [InlineData("20260130T190000", "FREQ=MONTHLY;BYDAY=-1FR", "20260130 20260227 20260327 20260424 20260529 20260626 20260731 20260828 20260925 20261030 20261127 20261225")]
    [InlineData("20260131T190000", "FREQ=MONTHLY;BYMONTHDAY=31", "20260131 20260331 20260531 20260731 20260831 20261031 20261231")]
    [InlineData("20260131T190000", "FREQ=MONTHLY;BYMONTHDAY=-1", "20260131 20260228 20260331 20260430 20260531 20260630")]
    [InlineData("20260331T190000", "FREQ=MONTHLY;BYDAY=5TU", "20260331 20260630 20260929 20261229 20270330")]
    [InlineData("20260105T190000", "FREQ=MONTHLY;BYDAY=1MO,3MO", "20260105 20260119 20260202 20260216 20260302 20260316")]
    [InlineData("20260131T190000", "FREQ=MONTHLY", "20260131 20260331 20260531 20260731 20260831 20261031 20261231")]
    [InlineData("20240229T190000", "FREQ=YEARLY", "20240229 20280229 20320229")]
    public void Monthly_and_yearly_rules_skip_dates_that_do_not_exist(string start, string rule, string dates)
    {
        var expected = At("1900", dates);

        Assert.Equal(expected, LocalTimes(Series(start, rule, Berlin), expected.Length));
    }

    [Fact]
    public void Count_includes_dtstart_even_when_the_rule_would_not_produce_it()
    {
        var series = Series("20260107T190000", "FREQ=WEEKLY;BYDAY=TH;COUNT=3", Berlin);

        Assert.Equal(At("1900", "20260107 20260108 20260115"), LocalTimes(series));
    }

    [Theory]
    [InlineData("UNTIL=20260122T190000", true)]
    [InlineData("UNTIL=20260122T185900", false)]
    [InlineData("UNTIL=20260122T180000Z", true)]
    [InlineData("UNTIL=20260122T175900Z", false)]
    [InlineData("UNTIL=20260122", true)]
    [InlineData("UNTIL=20260121", false)]
    public void Until_includes_an_instance_exactly_at_it_and_nothing_after(string until, bool includesJanuary22)
    {
        var times = LocalTimes(Series("20260108T190000", "FREQ=WEEKLY;" + until, Berlin));

        Assert.Equal(includesJanuary22 ? At("1900", "20260108 20260115 20260122") : At("1900", "20260108 20260115"), times);
    }

    [Fact]
    public void Exdate_removes_an_instance_that_still_counts_towards_count()
    {
        var series = Series("20260108T190000", "FREQ=WEEKLY;COUNT=4", Berlin, exdates: ["20260115T190000"]);

        Assert.Equal(At("1900", "20260108 20260122 20260129"), LocalTimes(series));
    }

    [Fact]
    public void Exdate_can_remove_dtstart()
    {
        var series = Series("20260108T190000", "FREQ=WEEKLY;COUNT=2", Berlin, exdates: ["20260108T190000"]);

        Assert.Equal(At("1900", "20260115"), LocalTimes(series));
    }

    [Fact]
    public void Rdates_add_instances_in_order_and_one_equal_to_a_rule_instance_appears_once()
    {
        var series = Series("20260108T190000", "FREQ=WEEKLY;COUNT=3", Berlin, rdates: ["20260112T180000", "20260115T190000", "20260101T190000"]);

        Assert.Equal(["20260101T1900", "20260108T1900", "20260112T1800", "20260115T1900", "20260122T1900"], LocalTimes(series));
    }

    [Fact]
    public void A_single_meeting_has_one_occurrence_and_its_rdates()
    {
        var series = Series("20260113T190000", null, Berlin, rdates: ["20260120T190000"]);

        Assert.Equal(At("1900", "20260113 20260120"), LocalTimes(series));
        Assert.Equal(Local("20260120T190000"), series.Last()?.LocalStart);
    }

    [Fact]
    public void A_time_in_the_spring_gap_moves_forward_by_the_gap()
    {
        var series = Series("20260327T023000", "FREQ=DAILY;COUNT=4", Berlin);

        var occurrences = series.All().ToArray();

        Assert.Equal(["20260327T0230", "20260328T0230", "20260329T0230", "20260330T0230"], LocalTimes(occurrences));
        Assert.Equal(["2026-03-27T02:30+01:00", "2026-03-28T02:30+01:00", "2026-03-29T03:30+02:00", "2026-03-30T02:30+02:00"],
            occurrences.Select(o => Format(o.Start)));
    }

    [Fact]
    public void A_time_that_occurs_twice_in_autumn_takes_the_first_summer_time_one()
    {
        var occurrence = Assert.Single(Series("20261025T023000", null, Berlin).All());

        Assert.Equal("2026-10-25T02:30+02:00", Format(occurrence.Start));
        Assert.Equal(new DateTime(2026, 10, 25, 0, 30, 0, DateTimeKind.Utc), occurrence.Start.UtcDateTime);
    }

    [Fact]
    public void Hourly_instances_folded_together_by_the_gap_appear_once_and_in_order()
    {
        var starts = Series("20260329T000000", "FREQ=HOURLY;COUNT=5", Berlin).All().Select(o => Format(o.Start)).ToArray();

        Assert.Equal(["2026-03-29T00:00+01:00", "2026-03-29T01:00+01:00", "2026-03-29T03:00+02:00", "2026-03-29T04:00+02:00"], starts);
    }

    [Fact]
    public void Window_includes_an_instance_at_its_start_and_excludes_one_at_its_end()
    {
        var series = Series("20260108T190000", "FREQ=WEEKLY", Berlin);

        var occurrences = series.Between(Instant("2026-01-15T19:00+01:00"), Instant("2026-01-29T19:00+01:00"));

        Assert.Equal(At("1900", "20260115 20260122"), LocalTimes(occurrences));
    }

    [Fact]
    public void A_rule_that_can_never_match_ends_with_dtstart()
    {
        var series = Series("20260130T190000", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", Berlin);

        Assert.Equal(["20260130T1900"], LocalTimes(series));
        Assert.False(series.HasOccurrenceAfter(Instant("2026-01-31T00:00+01:00")));
        Assert.Empty(series.Between(Instant("2030-01-01T00:00+01:00"), Instant("2030-03-01T00:00+01:00")));
    }

    [Theory]
    [InlineData("FREQ=HOURLY;INTERVAL=2;BYHOUR=3")]
    [InlineData("FREQ=MINUTELY;INTERVAL=2;BYMINUTE=7")]
    [InlineData("FREQ=HOURLY;INTERVAL=168;BYDAY=MO")]
    [InlineData("FREQ=DAILY;BYMONTH=4;BYMONTHDAY=31")]
    public void Sub_daily_and_daily_rules_that_can_never_match_end_with_dtstart(string rule)
    {
        var series = Series("20260106T000000", rule, Berlin);

        Assert.Null(series.NextAfter(Instant("2026-01-06T00:00+01:00")));
    }

    [Fact]
    public void Next_and_last_occurrence_tell_when_a_series_ends()
    {
        var counted = Series("20260108T190000", "FREQ=WEEKLY;COUNT=3", Berlin);
        var forever = Series("20260108T190000", "FREQ=WEEKLY", Berlin);

        Assert.Equal(Local("20260122T190000"), counted.Last()?.LocalStart);
        Assert.False(counted.HasOccurrenceAfter(Instant("2026-01-22T19:00+01:00")));
        Assert.Equal(Local("20260122T190000"), counted.NextAfter(Instant("2026-01-22T18:59+01:00"))?.LocalStart);
        Assert.Null(forever.Last());
        Assert.Equal(Local("20300103T190000"), forever.NextAfter(Instant("2030-01-01T00:00+01:00"))?.LocalStart);
        Assert.Throws<InvalidOperationException>(() => forever.All());
    }

    [Fact]
    public void Bysetpos_picks_the_last_workday_of_each_month()
    {
        var series = Series("20260130T190000", "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=4", Berlin);

        Assert.Equal(At("1900", "20260130 20260227 20260331 20260430"), LocalTimes(series));
    }

    [Fact]
    public void Yearly_week_number_1_includes_its_days_in_the_previous_december()
    {
        // Week 1 of 2026 (ISO) runs from Monday 29 December 2025 to Sunday 4 January 2026; week 1 of 2027 starts
        // on Monday 4 January 2027, as 1 January 2027 is a Friday.
        var series = Series("20250101T190000", "FREQ=YEARLY;BYWEEKNO=1;BYDAY=MO,TU", Berlin);

        Assert.Equal(At("1900", "20250101 20251229 20251230 20270104"), LocalTimes(series, 4));
    }
}
