using OmsFlow.Workflows.Scheduling;

namespace OmsFlow.Workflows.Tests.Scheduling;

public class DurationTests
{
    [Theory]
    [InlineData("15m", 0, 0, 15, 0, 0)]
    [InlineData("2h30m", 0, 2, 30, 0, 0)]
    [InlineData("1d", 1, 0, 0, 0, 0)]
    [InlineData("500ms", 0, 0, 0, 0, 500)]
    [InlineData("90s", 0, 0, 1, 30, 0)]
    [InlineData("1h 30m 15s", 0, 1, 30, 15, 0)]
    [InlineData("1.5h", 0, 1, 30, 0, 0)]
    [InlineData("1w2d", 9, 0, 0, 0, 0)]
    [InlineData("2H30M", 0, 2, 30, 0, 0)]
    [InlineData("1s500ms", 0, 0, 0, 1, 500)]
    [InlineData("  15m  ", 0, 0, 15, 0, 0)]
    [InlineData("0", 0, 0, 0, 0, 0)]
    public void Parse_CompactForm(string text, int days, int hours, int minutes, int seconds, int milliseconds) =>
        Assert.Equal(new TimeSpan(days, hours, minutes, seconds, milliseconds), Duration.Parse(text));

    [Theory]
    [InlineData("PT15M", 0, 0, 15, 0, 0)]
    [InlineData("P1D", 1, 0, 0, 0, 0)]
    [InlineData("P1DT12H", 1, 12, 0, 0, 0)]
    [InlineData("PT1H30M5S", 0, 1, 30, 5, 0)]
    [InlineData("PT0.5S", 0, 0, 0, 0, 500)]
    [InlineData("PT0,25S", 0, 0, 0, 0, 250)]
    [InlineData("P2W", 14, 0, 0, 0, 0)]
    [InlineData("pt2h", 0, 2, 0, 0, 0)]
    [InlineData("PT36H", 1, 12, 0, 0, 0)]
    public void Parse_Iso8601Form(string text, int days, int hours, int minutes, int seconds, int milliseconds) =>
        Assert.Equal(new TimeSpan(days, hours, minutes, seconds, milliseconds), Duration.Parse(text));

    [Theory]
    [InlineData("00:15:00", 0, 0, 15, 0, 0)]
    [InlineData("1.02:03:04", 1, 2, 3, 4, 0)]
    [InlineData("00:00:01.250", 0, 0, 0, 1, 250)]
    [InlineData("02:30", 0, 2, 30, 0, 0)]
    public void Parse_ClockForm(string text, int days, int hours, int minutes, int seconds, int milliseconds) =>
        Assert.Equal(new TimeSpan(days, hours, minutes, seconds, milliseconds), Duration.Parse(text));

    [Theory]
    [InlineData("", 1, "empty duration")]
    [InlineData("15", 3, "no unit")]
    [InlineData("15x", 3, "unknown unit 'x'")]
    [InlineData("30m2h", 5, "out of order")]
    [InlineData("5m5m", 4, "repeated")]
    [InlineData("abc", 1, "expected a number")]
    [InlineData("-5m", 1, "negative")]
    [InlineData("P1M", 3, "years and months")]
    [InlineData("P1Y", 3, "years and months")]
    [InlineData("PT5D", 4, "not a time designator")]
    [InlineData("P5H", 3, "not a date designator")]
    [InlineData("P", 1, "no components")]
    [InlineData("P1DT", 4, "'T' must be followed")]
    [InlineData("PT5", 3, "no designator")]
    [InlineData("PT1M1H", 6, "out of order")]
    [InlineData("25:99:00", 1, "clock duration")]
    [InlineData("  2h x", 6, "expected a number")]
    [InlineData("99999999999d", 1, "too long")]
    [InlineData("1.2.3h", 1, "expected a number")]
    public void Parse_Invalid_ReportsColumnAndReason(string text, int column, string reason)
    {
        var ex = Assert.Throws<ScheduleFormatException>(() => Duration.Parse(text));

        Assert.Equal(column, ex.Column);
        Assert.Contains(reason, ex.Reason, StringComparison.Ordinal);
        Assert.StartsWith($"column {column}: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_ReportsSuccessWithoutThrowing()
    {
        Assert.True(Duration.TryParse("2h", out TimeSpan twoHours));
        Assert.Equal(TimeSpan.FromHours(2), twoHours);
        Assert.True(Duration.TryParse("2 hours", out TimeSpan spelledOut));
        Assert.Equal(TimeSpan.FromHours(2), spelledOut);
        Assert.False(Duration.TryParse("2 parsecs", out _));
        Assert.False(Duration.TryParse(null, out _));
    }
}
