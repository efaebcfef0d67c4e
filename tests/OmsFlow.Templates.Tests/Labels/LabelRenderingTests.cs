using OmsFlow.Templates.Definitions;
using OmsFlow.Templates.Rendering;
using OmsFlow.Templates.Tests.Support;

namespace OmsFlow.Templates.Tests.Labels;

public class LabelRenderingTests
{
    private static readonly TemplateLibrary Library = TemplateSetLoader.LoadLibrary(Repository.Templates);
    private readonly DocumentRenderer renderer;

    public LabelRenderingTests()
    {
        PdfText.UseAgplLicenseForTests();
        var engine = new TemplateEngine();
        Library.RegisterPartials(engine);
        renderer = new DocumentRenderer(engine);
    }

    private static TemplateSet Label => Library.Get("shipping-label");

    [Theory]
    [InlineData(203)]
    [InlineData(300)]
    public void Zpl_SampleLabel_MatchesGoldenFile(int dpi)
    {
        var zpl = renderer.RenderZpl(Label, Label.SampleData, RenderSettings.Default with { Dpi = dpi });

        GoldenFile.AssertMatches($"shipping-label/label.{dpi}.zpl", zpl);
    }

    [Fact]
    public void Zpl_At203Dpi_Is812By1218DotsWithCode128TrackingAndGs1Sscc()
    {
        var zpl = renderer.RenderZpl(Label, Label.SampleData);

        Assert.StartsWith("^XA", zpl, StringComparison.Ordinal);
        Assert.EndsWith("^XZ\n", zpl, StringComparison.Ordinal);
        Assert.Contains("^PW812\n^LL1218", zpl, StringComparison.Ordinal);
        Assert.Contains("^BCN,160,N,N,N^FD3SNWOU1002345^FS", zpl, StringComparison.Ordinal);
        Assert.Contains("^FD>;>800387123450000000425^FS", zpl, StringComparison.Ordinal);
        Assert.Contains("(00) 3 8712345 000000042 5", zpl, StringComparison.Ordinal);
    }

    [Fact]
    public void Zpl_At300Dpi_ScalesEveryCoordinate()
    {
        var zpl = renderer.RenderZpl(Label, Label.SampleData, RenderSettings.Default with { Dpi = 300 });

        Assert.Contains("^PW1200\n^LL1800", zpl, StringComparison.Ordinal);
        Assert.Contains("^BY4^BCN,236,N,N,N", zpl, StringComparison.Ordinal);
    }

    [Fact]
    public void Zpl_FieldDataWithPrinterCommands_IsEscaped()
    {
        var data = System.Text.Json.Nodes.JsonNode.Parse(Label.SampleData!.Value.GetRawText())!;
        data["shipTo"]!["name"] = "Evil ^XZ~JR Name";

        var zpl = renderer.RenderZpl(Label, data);

        Assert.Contains("Evil _5EXZ_7EJR Name", zpl, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(zpl, @"\^XZ"));
    }

    [Fact]
    public void Pdf_SampleLabel_Is4x6InchesWithAddressesTrackingAndSscc()
    {
        var pdf = renderer.Render(Label, Label.SampleData, DocumentFormat.Pdf);

        var (pages, width, height) = PdfText.Info(pdf.Content.ToArray());
        var text = PdfText.Extract(pdf.Content.ToArray());
        Assert.Equal((1, 288d, 432d), (pages, width, height));
        Assert.Equal("application/pdf", pdf.MediaType);
        Assert.Contains("Anna de Vries", text, StringComparison.Ordinal);
        Assert.Contains("3511 NK Utrecht", text, StringComparison.Ordinal);
        Assert.Contains("POSTNL", text, StringComparison.Ordinal);
        Assert.Contains("Tracking 3SNWOU1002345", text, StringComparison.Ordinal);
        Assert.Contains("(00) 3 8712345 000000042 5", text, StringComparison.Ordinal);
        Assert.Contains("Package 1 of 2", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_UnsupportedFormat_NamesTheFormatsTheKindHas()
    {
        var error = Assert.Throws<TemplateRenderException>(() => renderer.Render(Label, Label.SampleData, DocumentFormat.Html));

        Assert.Contains("use zpl or pdf", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pdf_LongAddressLine_IsShortenedWithEllipsisInsideTheLabel()
    {
        var data = System.Text.Json.Nodes.JsonNode.Parse(Label.SampleData!.Value.GetRawText())!;
        data["shipTo"]!["line2"] = "Building C, Loading dock 7, attention of the goods-in supervisor on duty";

        var text = PdfText.Extract(renderer.Render(Label, data, DocumentFormat.Pdf).Content.ToArray());

        Assert.Contains("Building C, Loading", text, StringComparison.Ordinal);
        Assert.Contains("…", text, StringComparison.Ordinal);
        Assert.DoesNotContain("supervisor on duty", text, StringComparison.Ordinal);
    }
}
