using OmsFlow.Templates.Labels;

namespace OmsFlow.Templates.Tests.Labels;

public class SsccTests
{
    [Theory]
    [InlineData("10614141234567890", 8)] // GS1 General Specifications example SSCC 106141412345678908
    [InlineData("38712345000000042", 5)]
    [InlineData("00000000000000000", 0)]
    public void CheckDigit_MatchesGs1Mod10(string body, int expected)
    {
        Assert.Equal(expected, Sscc.CheckDigit(body));
    }

    [Fact]
    public void Create_PadsSerialAndAppendsCheckDigit()
    {
        var sscc = Sscc.Create(3, "8712345", 42);

        Assert.Equal("387123450000000425", sscc);
        Assert.True(Sscc.IsValid(sscc));
        Assert.Equal("(00) 3 8712345 000000042 5", Sscc.HumanReadable(sscc));
    }

    [Fact]
    public void Complete_WrongCheckDigit_IsRejectedWithTheExpectedDigit()
    {
        var error = Assert.Throws<ArgumentException>(() => Sscc.Complete("387123450000000421"));

        Assert.Contains("expected 5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckDigit_NonDigit_IsRejectedWithPosition()
    {
        var error = Assert.Throws<ArgumentException>(() => Sscc.CheckDigit("3871234500000004A"));

        Assert.Contains("position 17", error.Message, StringComparison.Ordinal);
    }
}
