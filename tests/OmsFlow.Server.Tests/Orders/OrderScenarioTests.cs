using System.Net;
using System.Text.Json.Nodes;

namespace OmsFlow.Server.Tests.Orders;

/// <summary>The reference order flow end to end through HTTP: hooks in, order and outbox out.</summary>
public sealed class OrderScenarioTests
{
    private static IEnumerable<string> Statuses(JsonObject order, string path) => order[path]!.AsArray().Select(x => x!["status"]!.GetValue<string>());

    private static string Status(JsonObject order) => order["status"]!.GetValue<string>();

    [Fact]
    public async Task NormalOrder_EndsDeliveredInvoicedAndClosed_WithItsEmailsAndLabel()
    {
        await using var world = await OrderWorld.StartAsync(("DC-VENLO", "SKU-TEE-01", 10), ("DC-VENLO", "SKU-MUG-01", 10));
        await world.PlaceAsync(OrderWorld.Order("SO-1", ("SKU-TEE-01", 2), ("SKU-MUG-01", 1)));

        var released = await world.WaitForOrderAsync("SO-1", o => o["shipments"]?.AsArray().Count == 1, "a shipment request");
        Assert.Equal("Processing", Status(released));
        Assert.All(Statuses(released, "lines"), s => Assert.Equal("Released", s));
        Assert.Equal("DC-VENLO", released["shipments"]![0]!["nodeId"]!.GetValue<string>());
        Assert.Equal(62.00m, released["pricing"]!["grandTotal"]!.GetValue<decimal>()); // 2 x 25 + 12, free shipping over 50, VAT included
        Assert.Equal(3, (await world.StockAsync("DC-VENLO", "SKU-TEE-01")).Reserved + (await world.StockAsync("DC-VENLO", "SKU-MUG-01")).Reserved);

        await world.ShipmentEventAsync("SO-1", "shipped");
        var invoiced = await world.WaitForOrderAsync("SO-1", o => o["invoices"]!.AsArray().Count == 1, "an invoice");
        Assert.Equal("Captured", invoiced["paymentStatus"]!.GetValue<string>());
        var tee = await world.StockAsync("DC-VENLO", "SKU-TEE-01");
        Assert.Equal((8, 0), (tee.OnHand, tee.Reserved));

        await world.ShipmentEventAsync("SO-1", "delivered");
        var closed = await world.WaitForOrderAsync("SO-1", o => Status(o) == "Closed", "Closed");
        Assert.All(Statuses(closed, "lines"), s => Assert.Equal("Closed", s));
        var invoice = closed["invoices"]![0]!;
        Assert.Matches(@"^INV-\d{4}-000001$", invoice["number"]!.GetValue<string>());
        var kinds = closed["issuedDocuments"]!.AsArray().Select(d => d!["kind"]!.GetValue<string>()).ToList();
        Assert.Contains("invoice", kinds);
        Assert.Contains("label", kinds);
        var pdf = await world.Server.Client.GetAsync(invoice["documentId"]!.GetValue<string>() is var id ? $"/api/documents/{id}" : null);
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);

        var emails = await world.EmailsAsync("SO-1");
        var topics = emails.Select(e => e["topic"]?.GetValue<string>()).ToList();
        foreach (var template in new[] { "order-confirmation", "shipped", "delivered", "review-request" })
        {
            Assert.Single(topics, t => t == template);
        }
    }

    [Fact]
    public async Task GiftPromotion_ShipsTheFreeToteWithTheOrder_AndDropsItWhenOutOfStock()
    {
        await using var world = await OrderWorld.StartAsync(("DC-VENLO", "SKU-MUG-01", 20), ("DC-VENLO", "SKU-TOTE-01", 1));
        await world.PlaceAsync(OrderWorld.Order("SO-G1", ("SKU-MUG-01", 5)));
        var first = await world.WaitForOrderAsync("SO-G1", o => o["shipments"]?.AsArray().Count == 1, "a shipment request");
        var gift = first["lines"]!.AsArray().Single(l => l!["gift"]?.GetValue<bool>() == true)!;
        Assert.Equal(("SKU-TOTE-01", "Released", 0m), (gift["sku"]!.GetValue<string>(), gift["status"]!.GetValue<string>(), gift["lineTotal"]!.GetValue<decimal>()));
        Assert.Contains(gift["id"]!.GetValue<string>(), first["shipments"]![0]!["lineIds"]!.AsArray().Select(i => i!.GetValue<string>()));

        await world.PlaceAsync(OrderWorld.Order("SO-G2", ("SKU-MUG-01", 5)));
        var second = await world.WaitForOrderAsync("SO-G2", o => o["shipments"]?.AsArray().Count == 1, "a shipment request");
        var dropped = second["lines"]!.AsArray().Single(l => l!["gift"]?.GetValue<bool>() == true)!;
        Assert.Equal("Cancelled", dropped["status"]!.GetValue<string>());
        Assert.Equal("Released", second["fulfilmentStatus"]!.GetValue<string>());
    }

    [Fact]
    public async Task BadOrderPayload_Is400NamingTheField_AndStartsNothing()
    {
        await using var world = await OrderWorld.StartAsync();
        var response = await world.Server.PostJsonAsync("/hooks/orders", """{"id":"SO-X","currency":"EUR","channel":"web","shipTo":{"country":"NL"},"lines":[{"sku":"SKU-TEE-01","quantity":0}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("lines[0].quantity", problem["field"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await world.Server.Client.GetAsync("/api/orders/SO-X")).StatusCode);
    }
}
