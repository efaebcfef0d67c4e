using OmsFlow.Templates.Labels;

namespace OmsFlow.Templates.Tests.Labels;

public class Code128Tests
{
    [Fact]
    public void Patterns_AreElevenModulesEachAndDistinct()
    {
        Assert.Equal(107, Code128.Patterns.Length);
        Assert.All(Code128.Patterns[..106], p => Assert.Equal(11, p.Sum(c => c - '0')));
        Assert.Equal(13, Code128.Patterns[106].Sum(c => c - '0'));
        Assert.Equal(107, Code128.Patterns.Distinct().Count());
    }

    [Fact]
    public void Encode_Text_UsesSubsetBWithChecksum()
    {
        // Start B (104), 'P'=48, 'J'=42; check = (104 + 48*1 + 42*2) % 103 = 30; stop 106.
        Assert.Equal([104, 48, 42, 30, 106], Code128.Encode("PJ"));
    }

    [Fact]
    public void Encode_Gs1Sscc_UsesSubsetCWithFnc1()
    {
        var symbols = Code128.Encode("00" + "106141412345678908", gs1: true);

        Assert.Equal([105, 102, 0, 10, 61, 41, 41, 23, 45, 67, 89, 8], symbols.Take(12));
        Assert.Equal(106, symbols[^1]);
        Assert.Equal(14, symbols.Count);
    }
}
