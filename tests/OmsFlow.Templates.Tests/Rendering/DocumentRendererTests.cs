using System.Text.Json;
using OmsFlow.Templates.Definitions;
using OmsFlow.Templates.Email;
using OmsFlow.Templates.Rendering;
using OmsFlow.Templates.Tests.Support;

namespace OmsFlow.Templates.Tests.Rendering;

public class DocumentRendererTests
{
    private static readonly TemplateLibrary Library = TemplateSetLoader.LoadLibrary(Repository.Templates);
    private readonly TemplateEngine engine = new();

    public DocumentRendererTests() => Library.RegisterPartials(engine);

    [Fact]
    public void Render_EmailAsHtmlAndText_MatchesTheEmailRenderer()
    {
        var set = Library.Get("delivered");
        var renderer = new DocumentRenderer(engine);
        var email = new EmailRenderer(engine).Render(set, set.SampleData);

        var html = renderer.Render(set, set.SampleData, DocumentFormat.Html);
        var text = renderer.Render(set, set.SampleData, DocumentFormat.Text);

        Assert.Equal((email.HtmlBody, "text/html; charset=utf-8", ".html"), (html.Text, html.MediaType, html.FileExtension));
        Assert.Equal((email.TextBody, "text/plain; charset=utf-8"), (text.Text, text.MediaType));
    }

    [Fact]
    public void Render_TypedModelAndJsonOfIt_GiveTheSameEmail()
    {
        var set = Library.Get("refund");
        var typed = new
        {
            shop = new { name = "Shop", supportEmail = "s@example.com", url = "https://example.com", country = "NL" },
            customer = new { firstName = "Zoë", lastName = "Z", email = "z@example.com" },
            order = new { number = "SO-9" },
            refund = new { amount = 12.5m, currency = "EUR", method = "iDEAL", creditNoteNumber = "CN-1", issuedAt = "2026-11-28T09:15:00Z" },
        };
        var json = JsonSerializer.SerializeToElement(typed);
        var renderer = new EmailRenderer(engine);

        Assert.Equal(renderer.Render(set, typed, RenderSettings.For("nl-NL")), renderer.Render(set, json, RenderSettings.For("nl-NL")));
        Assert.Contains("€ 12,50", renderer.Render(set, typed, RenderSettings.For("nl-NL")).Subject.Replace('\u00A0', ' '), StringComparison.Ordinal);
    }

    [Fact]
    public void RenderZpl_UnsupportedDpi_SaysWhichResolutionsWork()
    {
        var set = Library.Get("shipping-label");

        var error = Assert.Throws<TemplateRenderException>(() => new DocumentRenderer(engine).RenderZpl(set, set.SampleData, RenderSettings.Default with { Dpi = 600 }));

        Assert.Contains("203 or 300 dpi", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_PartialFailure_NamesThePartialAndTheInnerReason()
    {
        var set = Library.Get("order-confirmation");
        var data = System.Text.Json.Nodes.JsonNode.Parse(set.SampleData!.Value.GetRawText())!;
        data["order"]!["lines"]![0]!["unitPrice"] = "lots";

        var error = Assert.Throws<TemplateRenderException>(() => new EmailRenderer(engine).Render(set, data));

        Assert.Contains("'order-confirmation/body.html.hbs'", error.Message, StringComparison.Ordinal);
        Assert.Contains("partial 'email-layout' > 'order-lines'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'money' expects a number but got 'lots'", error.Message, StringComparison.Ordinal);
    }
}
