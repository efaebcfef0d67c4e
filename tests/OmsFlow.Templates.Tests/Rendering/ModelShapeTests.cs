using System.Text.Json;
using OmsFlow.Templates.Definitions;
using OmsFlow.Templates.Email;
using OmsFlow.Templates.Helpers;
using OmsFlow.Templates.Rendering;
using OmsFlow.Templates.Tests.Support;

namespace OmsFlow.Templates.Tests.Rendering;

/// <summary>
/// The order-confirmation email with 100 lines (the benchmark's document) reads the same whichever shape the order
/// comes in: a JsonElement and a JsonNode render directly, a typed model through Handlebars.Net, and all three match
/// Handlebars.Net rendering the JSON.
/// </summary>
public sealed class ModelShapeTests
{
    private static readonly TemplateLibrary Library = TemplateSetLoader.LoadLibrary(Repository.Templates);

    [Fact]
    public void OrderConfirmation_JsonElementJsonNodeAndTypedModel_RenderTheSameEmail()
    {
        var direct = new TemplateEngine();
        var reference = new TemplateEngine(directRendering: false);
        Library.RegisterPartials(direct);
        Library.RegisterPartials(reference);
        var set = Library.Get("order-confirmation");
        var settings = RenderSettings.For("nl-NL", "Europe/Amsterdam");
        var typed = TypedOrder();
        var camelCase = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var node = JsonSerializer.SerializeToNode(typed, camelCase)!;
        var element = JsonSerializer.SerializeToElement(typed, camelCase);

        var expected = new EmailRenderer(reference).Render(set, element, settings);

        Assert.Equal(expected, new EmailRenderer(direct).Render(set, element, settings));
        Assert.Equal(expected, new EmailRenderer(direct).Render(set, node, settings));
        Assert.Equal(expected, new EmailRenderer(direct).Render(set, typed, settings));
        Assert.All(set.Parts.Values, part => Assert.Equal(0, direct.Compile(part).HandedToHandlebars));
        Assert.Contains("Product &lt;100&gt; &amp; more", expected.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("- 1 x Product <100> & more (NW-SKU-100) @ € 109,95 = € 109,95", expected.TextBody, StringComparison.Ordinal);
        Assert.Equal("Order SO-100234 confirmed: 100 items, € 18.139,95", expected.Subject);
    }

    private static object TypedOrder()
    {
        var lines = Enumerable.Range(1, 100).Select(i => new
        {
            sku = $"NW-SKU-{i:000}",
            name = $"Product <{i}> & more",
            quantity = (i % 5) + 1,
            unitPrice = 9.95m + i,
            total = (9.95m + i) * ((i % 5) + 1),
        }).ToArray();
        return new
        {
            shop = new { name = "Northwind Outfitters", supportEmail = "support@northwind.example", url = "https://shop.northwind.example", country = "NL" },
            customer = new { firstName = "Anna", lastName = "de Vries" },
            order = new
            {
                number = "SO-100234",
                placedAt = "2026-11-20T14:05:00Z",
                currency = "EUR",
                lines,
                subtotal = lines.Sum(l => l.total),
                discount = 0m,
                shipping = 4.95m,
                tax = 5000.00m,
                total = lines.Sum(l => l.total) + 4.95m,
            },
            // Typed models carry addresses as PostalAddress, the type the address helper reads besides JSON.
            shipTo = new PostalAddress { Name = "Anna de Vries", Line1 = "Oudegracht 231", City = "Utrecht", PostalCode = "3511 NK", Country = "NL" },
        };
    }
}
