namespace OmsFlow.Expressions.Tests.Parsing;

public sealed class NestingLimitTests
{
    [Theory]
    [InlineData("(", ")")]
    [InlineData("!", "")]
    [InlineData("-", "")]
    public void Parse_HostileNesting_IsAnErrorNotAStackOverflow(string open, string close)
    {
        var text = string.Concat(Enumerable.Repeat(open, 5000)) + "1" + string.Concat(Enumerable.Repeat(close, 5000));

        var error = Assert.Throws<ExpressionException>(() => ExpressionEngine.Parse(text));

        Assert.Equal(ExpressionErrorKind.Parse, error.Kind);
        Assert.Contains("nests more than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ReasonableNesting_StillParses()
    {
        var text = string.Concat(Enumerable.Repeat("(", 40)) + "1 + 2" + string.Concat(Enumerable.Repeat(")", 40));

        Assert.NotNull(ExpressionEngine.Parse(text));
    }
}
