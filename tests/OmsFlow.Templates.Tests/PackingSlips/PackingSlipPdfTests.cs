using OmsFlow.Templates.Definitions;
using OmsFlow.Templates.Rendering;
using OmsFlow.Templates.Tests.Support;

namespace OmsFlow.Templates.Tests.PackingSlips;

public class PackingSlipPdfTests
{
    private static readonly TemplateLibrary Library = TemplateSetLoader.LoadLibrary(Repository.Templates);
    private readonly DocumentRenderer renderer;

    public PackingSlipPdfTests()
    {
        PdfText.UseAgplLicenseForTests();
        var engine = new TemplateEngine();
        Library.RegisterPartials(engine);
        renderer = new DocumentRenderer(engine);
    }

    [Fact]
    public void PackingSlip_Sample_ListsItemsBinsAndGiftMessage()
    {
        var template = Library.Get("packing-slip");
        var pdf = renderer.Render(template, template.SampleData, DocumentFormat.Pdf, RenderSettings.For("en-GB", "Europe/Amsterdam")).Content.ToArray();

        var text = PdfText.Extract(pdf);
        Assert.Equal((1, 595.28, 841.89), (PdfText.Info(pdf).Pages, Math.Round(PdfText.Info(pdf).Width, 2), Math.Round(PdfText.Info(pdf).Height, 2)));
        Assert.Contains("Packing slip", text, StringComparison.Ordinal);
        Assert.Contains("SO-100234", text, StringComparison.Ordinal);
        Assert.Matches(@"NW-SCK-003\s+Hiking socks \(3-pack\)\s+C-11-02\s+3", text);
        Assert.Contains("5 units in 2 lines", text, StringComparison.Ordinal);
        Assert.Contains("Gift message: Happy birthday, Sanne!", text, StringComparison.Ordinal);
    }
}
