using Selbsthilfe.Events.Api.Domain;

namespace Selbsthilfe.Events.Tests;

public class RecurrenceRuleParsingTests
{
    [Fact]
    public void Monthly_second_tuesday_exposes_its_parts()
    {
        var rule = RecurrenceRule.Parse("FREQ=MONTHLY;BYDAY=2TU;UNTIL=20270630T170000Z");

        Assert.Equal(RecurrenceFrequency.Monthly, rule.Frequency);
        Assert.Equal(1, rule.Interval);
        Assert.Null(rule.Count);
        Assert.Equal(new RecurrenceUntil(new DateTime(2027, 6, 30, 17, 0, 0, DateTimeKind.Utc), RecurrenceUntilKind.Utc), rule.Until);
        Assert.Equal(DateTimeKind.Utc, rule.Until?.Value.Kind);
        Assert.Equal([new WeekdayNum(2, DayOfWeek.Tuesday)], rule.ByDay);
        Assert.Equal(DayOfWeek.Monday, rule.WeekStart);
    }

    [Fact]
    public void Prefix_case_and_spacing_do_not_matter()
    {
        var rule = RecurrenceRule.Parse(" rrule:freq=monthly; interval=2 ;byday=-1fr,+2mo;wkst=su;");

        Assert.Equal("FREQ=MONTHLY;INTERVAL=2;BYDAY=-1FR,2MO;WKST=SU", rule.ToString());
    }

    [Theory]
    [InlineData("FREQ=MONTHLY;BYDAY=2TU", "FREQ=MONTHLY;BYDAY=2TU")]
    [InlineData("BYDAY=MO;FREQ=WEEKLY;INTERVAL=1;WKST=MO", "FREQ=WEEKLY;BYDAY=MO")]
    [InlineData("FREQ=YEARLY;BYMONTH=6,7,6;COUNT=10", "FREQ=YEARLY;COUNT=10;BYMONTH=6,7")]
    [InlineData("FREQ=DAILY;UNTIL=20270630", "FREQ=DAILY;UNTIL=20270630")]
    [InlineData("FREQ=DAILY;UNTIL=20270630T190000", "FREQ=DAILY;UNTIL=20270630T190000")]
    [InlineData("FREQ=SECONDLY;BYSECOND=0,60;BYMINUTE=5;BYHOUR=9;BYMONTHDAY=-1;BYYEARDAY=-366,1;BYMONTH=2;BYSETPOS=-1",
        "FREQ=SECONDLY;BYSECOND=0,60;BYMINUTE=5;BYHOUR=9;BYMONTHDAY=-1;BYYEARDAY=-366,1;BYMONTH=2;BYSETPOS=-1")]
    [InlineData("FREQ=YEARLY;BYWEEKNO=20,-1;BYDAY=MO;WKST=SU", "FREQ=YEARLY;BYDAY=MO;BYWEEKNO=20,-1;WKST=SU")]
    public void Canonical_text_round_trips(string text, string canonical)
    {
        var rule = RecurrenceRule.Parse(text);

        Assert.Equal(canonical, rule.ToString());
        Assert.Equal(canonical, RecurrenceRule.Parse(rule.ToString()).ToString());
    }

    [Theory]
    [InlineData("", "FREQ")]
    [InlineData("BYDAY=2TU", "FREQ")]
    [InlineData("FREQ=FORTNIGHTLY", "FREQ")]
    [InlineData("FREQ=WEEKLY;FREQ=DAILY", "FREQ")]
    [InlineData("FREQ=DAILY;COUNT=5;UNTIL=20260101", "UNTIL")]
    [InlineData("FREQ=DAILY;UNTIL=20260101;COUNT=5", "COUNT")]
    [InlineData("FREQ=DAILY;COUNT=0", "COUNT")]
    [InlineData("FREQ=DAILY;COUNT=-3", "COUNT")]
    [InlineData("FREQ=DAILY;UNTIL=2026-01-01", "UNTIL")]
    [InlineData("FREQ=DAILY;UNTIL=20260230", "UNTIL")]
    [InlineData("FREQ=DAILY;UNTIL=20260101T250000Z", "UNTIL")]
    [InlineData("FREQ=DAILY;INTERVAL=0", "INTERVAL")]
    [InlineData("FREQ=MONTHLY;BYDAY=9TU", "BYDAY")]
    [InlineData("FREQ=MONTHLY;BYDAY=XX", "BYDAY")]
    [InlineData("FREQ=MONTHLY;BYDAY=0TU", "BYDAY")]
    [InlineData("FREQ=YEARLY;BYDAY=54MO", "BYDAY")]
    [InlineData("FREQ=WEEKLY;BYDAY=2TU", "BYDAY")]
    [InlineData("FREQ=YEARLY;BYWEEKNO=20;BYDAY=1MO", "BYDAY")]
    [InlineData("FREQ=MONTHLY;BYMONTHDAY=32", "BYMONTHDAY")]
    [InlineData("FREQ=MONTHLY;BYMONTHDAY=0", "BYMONTHDAY")]
    [InlineData("FREQ=MONTHLY;BYMONTHDAY=1,,2", "BYMONTHDAY")]
    [InlineData("FREQ=WEEKLY;BYMONTHDAY=1", "BYMONTHDAY")]
    [InlineData("FREQ=MONTHLY;BYWEEKNO=1", "BYWEEKNO")]
    [InlineData("FREQ=YEARLY;BYWEEKNO=54", "BYWEEKNO")]
    [InlineData("FREQ=MONTHLY;BYYEARDAY=1", "BYYEARDAY")]
    [InlineData("FREQ=YEARLY;BYYEARDAY=367", "BYYEARDAY")]
    [InlineData("FREQ=DAILY;BYHOUR=24", "BYHOUR")]
    [InlineData("FREQ=DAILY;BYHOUR=-1", "BYHOUR")]
    [InlineData("FREQ=DAILY;BYMINUTE=60", "BYMINUTE")]
    [InlineData("FREQ=DAILY;BYSECOND=61", "BYSECOND")]
    [InlineData("FREQ=YEARLY;BYMONTH=13", "BYMONTH")]
    [InlineData("FREQ=MONTHLY;BYSETPOS=1", "BYSETPOS")]
    [InlineData("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=0", "BYSETPOS")]
    [InlineData("FREQ=DAILY;WKST=XY", "WKST")]
    [InlineData("FREQ=DAILY;FOO=1", "FOO")]
    [InlineData("FREQ=DAILY;BYHOUR", "BYHOUR")]
    public void A_broken_rule_names_the_part_at_fault(string text, string part)
    {
        var error = Assert.Throws<RecurrenceRuleException>(() => RecurrenceRule.Parse(text));

        Assert.Equal(part, error.Part);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void A_wrong_weekday_is_explained_in_german_with_the_token()
    {
        var error = Assert.Throws<RecurrenceRuleException>(() => RecurrenceRule.Parse("FREQ=YEARLY;BYDAY=MO,9XY"));

        Assert.Equal(
            "BYDAY: „9XY“ ist kein gültiger Wochentag (erlaubt: MO, TU, WE, TH, FR, SA, SU, optional mit Ordinalzahl wie 2TU oder -1FR).",
            error.Message);
    }

    [Fact]
    public void A_long_token_is_not_echoed_in_full()
    {
        var token = new string('X', 5000);

        var error = Assert.Throws<RecurrenceRuleException>(() => RecurrenceRule.Parse("FREQ=DAILY;BYMONTH=" + token));

        Assert.DoesNotContain(token, error.Message);
        Assert.True(error.Message.Length < 200, error.Message);
    }
}
