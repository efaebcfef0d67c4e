using OmsFlow.Workflows.Scheduling;

namespace OmsFlow.Workflows.Tests.Scheduling;

public class CronExpressionTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    private static DateTimeOffset? Next(string cron, string after, TimeZoneInfo? zone = null) =>
        CronExpression.Parse(cron).GetNextOccurrence(Utc(after), zone ?? TimeZoneInfo.Utc);

    [Theory]
    [InlineData("*/15 * * * *", "2026-01-05T10:07:00Z", "2026-01-05T10:15:00Z")]
    [InlineData("*/15 * * * *", "2026-01-05T10:15:00Z", "2026-01-05T10:30:00Z")]
    [InlineData("*/15 * * * *", "2026-01-05T10:14:59.5Z", "2026-01-05T10:15:00Z")]
    [InlineData("*/15 * * * *", "2026-01-05T23:50:00Z", "2026-01-06T00:00:00Z")]
    [InlineData("30 * * * * *", "2026-01-05T10:07:45Z", "2026-01-05T10:08:30Z")]
    [InlineData("*/10 * * * * *", "2026-01-05T10:07:45Z", "2026-01-05T10:07:50Z")]
    [InlineData("0 9 * JAN,JUL MON-FRI", "2026-01-01T10:00:00Z", "2026-01-02T09:00:00Z")]
    [InlineData("0 9 * JAN,JUL MON-FRI", "2026-01-30T10:00:00Z", "2026-07-01T09:00:00Z")]
    [InlineData("0 0 * jan sun", "2026-01-01T00:00:00Z", "2026-01-04T00:00:00Z")]
    [InlineData("0 0 * * 7", "2026-01-01T00:00:00Z", "2026-01-04T00:00:00Z")]
    [InlineData("0 0 L * *", "2026-02-10T00:00:00Z", "2026-02-28T00:00:00Z")]
    [InlineData("0 0 L * *", "2028-02-10T00:00:00Z", "2028-02-29T00:00:00Z")]
    [InlineData("0 0 L * *", "2026-04-30T00:00:00Z", "2026-05-31T00:00:00Z")]
    [InlineData("0 0 1,L * *", "2026-04-02T00:00:00Z", "2026-04-30T00:00:00Z")]
    [InlineData("0 0 13 * FRI", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z")]
    [InlineData("0 0 13 * *", "2026-01-01T00:00:00Z", "2026-01-13T00:00:00Z")]
    [InlineData("0 0 ? * FRI", "2026-01-03T00:00:00Z", "2026-01-09T00:00:00Z")]
    [InlineData("0 0 13 * ?", "2026-01-14T00:00:00Z", "2026-02-13T00:00:00Z")]
    [InlineData("0 0 1 1 *", "2026-06-01T00:00:00Z", "2027-01-01T00:00:00Z")]
    [InlineData("0 0 29 2 *", "2026-03-01T00:00:00Z", "2028-02-29T00:00:00Z")]
    [InlineData("0 10-16/3 * * *", "2026-01-05T10:00:00Z", "2026-01-05T13:00:00Z")]
    [InlineData("0 10-16/3 * * *", "2026-01-05T16:00:00Z", "2026-01-06T10:00:00Z")]
    [InlineData("5/20 * * * *", "2026-01-05T10:26:00Z", "2026-01-05T10:45:00Z")]
    [InlineData("@daily", "2026-01-05T10:00:00Z", "2026-01-06T00:00:00Z")]
    [InlineData("@hourly", "2026-01-05T10:00:00Z", "2026-01-05T11:00:00Z")]
    [InlineData("@weekly", "2026-01-05T10:00:00Z", "2026-01-11T00:00:00Z")]
    [InlineData("@monthly", "2026-01-05T10:00:00Z", "2026-02-01T00:00:00Z")]
    [InlineData("@yearly", "2026-01-05T10:00:00Z", "2027-01-01T00:00:00Z")]
    public void GetNextOccurrence_InUtc(string cron, string after, string expected) =>
        Assert.Equal(Utc(expected), Next(cron, after));

    [Theory]
    [InlineData("0 0 30 2 *")]
    [InlineData("0 0 31 4,6,9,11 *")]
    public void GetNextOccurrence_ImpossibleDate_IsNull(string cron) =>
        Assert.Null(Next(cron, "2026-01-01T00:00:00Z"));

    [Fact]
    public void GetNextOccurrence_UsesTheZonesWallClock()
    {
        Assert.Equal(Utc("2026-01-05T14:00:00Z"), Next("0 9 * * *", "2026-01-05T00:00:00Z", NewYork));
        Assert.Equal(Utc("2026-07-06T13:00:00Z"), Next("0 9 * * *", "2026-07-06T00:00:00Z", NewYork));
    }

    [Fact]
    public void GetNextOccurrence_SkippedTime_FiresAtTheEndOfTheGap()
    {
        // Berlin, 29 March 2026: 02:00 CET jumps to 03:00 CEST (01:00Z).
        Assert.Equal(Utc("2026-03-29T01:00:00Z"), Next("30 2 * * *", "2026-03-28T12:00:00Z", Berlin));
        Assert.Equal(Utc("2026-03-30T00:30:00Z"), Next("30 2 * * *", "2026-03-29T01:00:00Z", Berlin));
    }

    [Fact]
    public void GetNextOccurrence_IntervalAcrossTheGap_FiresOnceAtTheGapEnd()
    {
        var occurrences = CronExpression.Parse("*/30 * * * *").GetNextOccurrences(Utc("2026-03-29T00:15:00Z"), Berlin).Take(4);

        Assert.Equal(
            [Utc("2026-03-29T00:30:00Z"), Utc("2026-03-29T01:00:00Z"), Utc("2026-03-29T01:30:00Z"), Utc("2026-03-29T02:00:00Z")],
            occurrences);
    }

    [Fact]
    public void GetNextOccurrence_RepeatedTime_FixedHourFiresOnce()
    {
        // Berlin, 25 October 2026: 03:00 CEST goes back to 02:00 CET (01:00Z), so 02:30 happens twice.
        Assert.Equal(Utc("2026-10-25T00:30:00Z"), Next("30 2 * * *", "2026-10-24T12:00:00Z", Berlin));
        Assert.Equal(Utc("2026-10-26T01:30:00Z"), Next("30 2 * * *", "2026-10-25T00:30:00Z", Berlin));
    }

    [Fact]
    public void GetNextOccurrence_RepeatedTime_IntervalFiresInBothPasses()
    {
        var occurrences = CronExpression.Parse("0 * * * *").GetNextOccurrences(Utc("2026-10-24T23:30:00Z"), Berlin).Take(3);

        Assert.Equal([Utc("2026-10-25T00:00:00Z"), Utc("2026-10-25T01:00:00Z"), Utc("2026-10-25T02:00:00Z")], occurrences);
    }

    [Fact]
    public void GetNextOccurrence_AfterInTheFirstPass_ReachesTheSecondPass()
    {
        // 00:50Z is 02:50 CEST; the next */20 is 02:00 CET (01:00Z), not 03:00 CET.
        var occurrences = CronExpression.Parse("*/20 * * * *").GetNextOccurrences(Utc("2026-10-25T00:50:00Z"), Berlin).Take(4);

        Assert.Equal(
            [Utc("2026-10-25T01:00:00Z"), Utc("2026-10-25T01:20:00Z"), Utc("2026-10-25T01:40:00Z"), Utc("2026-10-25T02:00:00Z")],
            occurrences);
    }

    [Theory]
    [InlineData("30 1 * * *")]
    [InlineData("30 2 * * *")]
    [InlineData("0 0 * * *")]
    public void GetNextOccurrences_DailyScheduleFiresOncePerDayThroughAYearOfDstChanges(string cron)
    {
        var occurrences = CronExpression.Parse(cron).GetNextOccurrences(Utc("2026-01-01T12:00:00Z"), NewYork).Take(365).ToList();

        var localDates = occurrences.Select(occurrence => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(occurrence, NewYork).DateTime)).ToList();
        Assert.Equal(365, localDates.Distinct().Count());
        Assert.Equal(new DateOnly(2026, 1, 2), localDates[0]);
        Assert.Equal(new DateOnly(2027, 1, 1), localDates[^1]);
        Assert.All(occurrences.Zip(occurrences.Skip(1)), pair => Assert.True(pair.First < pair.Second));
    }

    [Theory]
    [InlineData("* * *", 5, "found 3")]
    [InlineData("* * * * * * *", 13, "found 7")]
    [InlineData("60 * * * *", 1, "minute value 60 is out of range 0-59")]
    [InlineData("* 24 * * *", 3, "hour value 24 is out of range 0-23")]
    [InlineData("* * 0 * *", 5, "day-of-month value 0 is out of range 1-31")]
    [InlineData("* * * 13 *", 7, "month value 13 is out of range 1-12")]
    [InlineData("* * * * MON-FOO", 13, "'FOO' is not a valid day-of-week")]
    [InlineData("* * * FOO *", 7, "'FOO' is not a valid month")]
    [InlineData("*/0 * * * *", 3, "step '0'")]
    [InlineData("*/x * * * *", 3, "step 'x'")]
    [InlineData("5-1 * * * *", 1, "runs backwards")]
    [InlineData("1,,2 * * * *", 3, "empty entry")]
    [InlineData("? * * * *", 1, "'?' is only allowed")]
    [InlineData("* * * L *", 7, "'L' is only allowed in the day-of-month")]
    [InlineData("@sometimes", 1, "unknown macro")]
    [InlineData("0  9 x * *", 6, "'x' is not a valid day-of-month")]
    public void Parse_Invalid_ReportsColumnAndReason(string cron, int column, string reason)
    {
        var ex = Assert.Throws<ScheduleFormatException>(() => CronExpression.Parse(cron));

        Assert.Equal(column, ex.Column);
        Assert.Contains(reason, ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SurroundingAndRepeatedWhitespace_IsIgnored()
    {
        CronExpression parsed = CronExpression.Parse("  0 \t 9   * * MON  ");

        Assert.Equal(Utc("2026-01-05T09:00:00Z"), parsed.GetNextOccurrence(Utc("2026-01-01T00:00:00Z"), TimeZoneInfo.Utc));
        Assert.False(parsed.HasSeconds);
    }

    [Fact]
    public void Parse_KeepsTheTextAndKnowsAboutSeconds()
    {
        CronExpression fiveFields = CronExpression.Parse("*/5 * * * *");
        CronExpression sixFields = CronExpression.Parse("0 */5 * * * *");

        Assert.Equal(("*/5 * * * *", false), (fiveFields.ToString(), fiveFields.HasSeconds));
        Assert.True(sixFields.HasSeconds);
    }

    [Fact]
    public void TryParse_ReportsSuccessWithoutThrowing()
    {
        Assert.True(CronExpression.TryParse("0 9 * * MON", out CronExpression? parsed));
        Assert.Equal("0 9 * * MON", parsed.Text);
        Assert.False(CronExpression.TryParse("0 9 * *", out _));
        Assert.False(CronExpression.TryParse(null, out _));
    }
}
