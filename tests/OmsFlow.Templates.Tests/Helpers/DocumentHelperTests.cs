using OmsFlow.Templates.Rendering;

namespace OmsFlow.Templates.Tests.Helpers;

public class DocumentHelperTests
{
    private readonly TemplateEngine engine = new();

    [Fact]
    public void Qr_ProducesPngDataUri()
    {
        var output = engine.Render(new TemplateSource("qr", 1, OutputMode.Html, "{{qr url}}"), new { url = "https://track.example/3SNWOU1002345" });

        Assert.StartsWith("data:image/png;base64,", output, StringComparison.Ordinal);
        var png = Convert.FromBase64String(output["data:image/png;base64,".Length..]);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
    }

    [Fact]
    public void Sscc_AppendsCheckDigitAndFormatsHumanReadable()
    {
        var output = engine.Render(new TemplateSource("sscc", 1, OutputMode.Text, "{{sscc body}}|{{ssccText body}}"), new { body = "10614141234567890" });

        Assert.Equal("106141412345678908|(00) 1 0614141 234567890 8", output);
    }

    [Theory]
    [InlineData(203, "^FO30,60")]
    [InlineData(300, "^FO44,89")]
    public void Dots_ScaleFrom203DpiToPrinterResolution(int dpi, string expected)
    {
        var output = engine.Render(new TemplateSource("dots", 1, OutputMode.Zpl, "^FO{{dots 30}},{{dots 60}}"), null, RenderSettings.Default with { Dpi = dpi });

        Assert.Equal(expected, output);
    }

    [Fact]
    public void UrlEncode_EscapesQueryValues()
    {
        Assert.Equal("a%26b+c", engine.Render(new TemplateSource("u", 1, OutputMode.Text, "{{urlencode v}}"), new { v = "a&b c" }));
    }
}
