using System.Text.Json.Nodes;
using OmsFlow.Templates.Definitions;
using OmsFlow.Templates.Invoices;
using OmsFlow.Templates.Rendering;
using OmsFlow.Templates.Tests.Support;

namespace OmsFlow.Templates.Tests.Invoices;

public class InvoicePdfTests
{
    private static readonly TemplateLibrary Library = TemplateSetLoader.LoadLibrary(Repository.Templates);
    private readonly DocumentRenderer renderer;

    public InvoicePdfTests()
    {
        PdfText.UseAgplLicenseForTests();
        var engine = new TemplateEngine();
        Library.RegisterPartials(engine);
        renderer = new DocumentRenderer(engine);
    }

    private string RenderText(string set, object? data = null, string culture = "en-GB")
    {
        var template = Library.Get(set);
        var pdf = renderer.Render(template, data ?? template.SampleData, DocumentFormat.Pdf, RenderSettings.For(culture, "Europe/Amsterdam"));
        return PdfText.Extract(pdf.Content.ToArray());
    }

    [Fact]
    public void Invoice_Sample_ShowsPartiesDatesLinesTaxPerRateAndBaseCurrency()
    {
        var text = RenderText("invoice");

        Assert.Contains("Invoice", text, StringComparison.Ordinal);
        Assert.Contains("INV-2026-000123", text, StringComparison.Ordinal);
        Assert.Contains("Northwind Outfitters B.V.", text, StringComparison.Ordinal);
        Assert.Contains("VAT NL859123456B01", text, StringComparison.Ordinal);
        Assert.Contains("Harbour & Hill Ltd", text, StringComparison.Ordinal);
        Assert.Contains("VAT GB123456789", text, StringComparison.Ordinal);
        Assert.Contains("22 Nov 2026", text, StringComparison.Ordinal);
        Assert.Contains("21 Nov 2026", text, StringComparison.Ordinal);
        Assert.Matches(@"Merino T-shirt, M \(NW-TEE-001-M\)\s+12\s+£42\.50\s+-£51\.00\s+20%\s+£459\.00", text);
        Assert.Matches(@"VAT 20% of £1,107\.50\s+£221\.50", text);
        Assert.Matches(@"VAT 0% of £90\.00\s+£0\.00", text);
        Assert.Matches(@"Total due\s+£1,419\.00", text);
        Assert.Contains("1 GBP = 1.1523 EUR", text, StringComparison.Ordinal);
        Assert.Matches(@"Total \(EUR\)\s+€1,635\.11", text);
        Assert.Contains("Please pay £1,419.00 by 22 December 2026", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Invoice_IsA4()
    {
        var pdf = renderer.Render(Library.Get("invoice"), Library.Get("invoice").SampleData, DocumentFormat.Pdf).Content.ToArray();

        var (pages, width, height) = PdfText.Info(pdf);
        Assert.Equal(1, pages);
        Assert.Equal(595.28, width, 1);
        Assert.Equal(841.89, height, 1);
    }

    [Fact]
    public void Invoice_SameCurrencyAsBase_OmitsBaseCurrencyBlock()
    {
        var text = RenderText("credit-note");

        Assert.Contains("Credit note", text, StringComparison.Ordinal);
        Assert.Contains("INV-2026-000123", text, StringComparison.Ordinal);
        Assert.Matches(@"Total credited\s+€99\.90", text);
        Assert.DoesNotContain("Amounts in", text, StringComparison.Ordinal);
        Assert.Contains("Reason: Returned: 2 x Merino T-shirt, M", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Invoice_ManyLines_ContinuesOnNewPagesWithHeader()
    {
        var data = JsonNode.Parse(Library.Get("invoice").SampleData!.Value.GetRawText())!;
        var lines = new JsonArray();
        for (var i = 1; i <= 120; i++)
        {
            lines.Add(new JsonObject { ["sku"] = $"SKU-{i:000}", ["description"] = $"Item {i}", ["quantity"] = 1, ["unitPrice"] = 10, ["discount"] = 0, ["taxRate"] = 0.2 });
        }

        data["lines"] = lines;
        var pdf = renderer.Render(Library.Get("invoice"), data, DocumentFormat.Pdf).Content.ToArray();

        var text = PdfText.Extract(pdf);
        Assert.True(PdfText.Info(pdf).Pages >= 3);
        Assert.Contains("Item 120 (SKU-120)", text, StringComparison.Ordinal);
        Assert.True(System.Text.RegularExpressions.Regex.Count(text, "Net amount") >= 3);
        Assert.Matches(@"Total due\s+£1,440\.00", text);
    }

    [Fact]
    public void Totals_RoundVatPerRate()
    {
        var invoice = new InvoiceDocument
        {
            Number = "T-1",
            IssueDate = new DateOnly(2026, 1, 1),
            Currency = "EUR",
            Seller = new InvoiceParty { Name = "S" },
            Buyer = new InvoiceParty { Name = "B" },
            Lines =
            [
                new InvoiceLine { Description = "a", Quantity = 1, UnitPrice = 0.05m, TaxRate = 0.21m },
                new InvoiceLine { Description = "b", Quantity = 1, UnitPrice = 0.05m, TaxRate = 0.21m },
                new InvoiceLine { Description = "c", Quantity = 3, UnitPrice = 10m, Discount = 1m, TaxRate = 0.09m },
            ],
        };

        var totals = InvoiceTotals.Calculate(invoice);

        // Per line 0.0105 would round to 0.01 + 0.01; per rate 0.021 rounds to 0.02.
        Assert.Equal([new TaxBreakdown(0.21m, 0.10m, 0.02m), new TaxBreakdown(0.09m, 29m, 2.61m)], totals.PerRate);
        Assert.Equal((29.10m, 2.63m, 31.73m), (totals.Net, totals.Tax, totals.Gross));
    }

    [Fact]
    public void Invoice_DataNotAnInvoice_ReportsThePath()
    {
        var error = Assert.Throws<TemplateRenderException>(() =>
            renderer.Render(Library.Get("invoice"), JsonNode.Parse("""{"number":"X","issueDate":"not a date"}"""), DocumentFormat.Pdf));

        Assert.Contains("$.issueDate", error.Message, StringComparison.Ordinal);
    }
}
