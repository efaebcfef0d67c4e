using System.Net;
using System.Text.Json.Nodes;

namespace OmsFlow.Server.Tests.Orders;

/// <summary>The return-refund flow through HTTP, on the reference definitions, next to the order's fulfilment instance.</summary>
public sealed class ReturnScenarioTests
{
    private static string Status(JsonObject order) => order["status"]!.GetValue<string>();

    private static JsonObject Line(JsonObject order, string id) => order["lines"]!.AsArray().Single(l => l!["id"]!.GetValue<string>() == id)!.AsObject();

    [Fact]
    public async Task DeliveredOrder_PartReturned_IsRefundedWithACreditNote_AndTheStockIsBackOnHand()
    {
        await using var world = await OrderWorld.StartAsync(("DC-VENLO", "SKU-TEE-01", 10), ("DC-VENLO", "SKU-MUG-01", 10));
        await DeliverAsync(world, "SO-RT1", ("SKU-TEE-01", 2), ("SKU-MUG-01", 1));

        var started = await world.Server.PostJsonAsync("/hooks/returns", """{"orderId":"SO-RT1","lines":[{"lineId":"1","quantity":1,"reason":"too small"}]}""");
        Assert.True(started.StatusCode == HttpStatusCode.Accepted, await started.Content.ReadAsStringAsync());
        var requested = await world.WaitForOrderAsync("SO-RT1", o => o["lines"]!.AsArray().Count == 3, "the returned shirt split off");
        Assert.Equal(("Closed", 1), (Line(requested, "1")["status"]!.GetValue<string>(), Line(requested, "1")["quantity"]!.GetValue<int>()));
        Assert.Equal(("ReturnRequested", 1), (Line(requested, "1.2")["status"]!.GetValue<string>(), Line(requested, "1.2")["quantity"]!.GetValue<int>()));

        await PostUntilWaitingAsync(world, "/hooks/return-receipts", """{"orderId":"SO-RT1","nodeId":"DC-VENLO"}""");
        var refunded = await world.WaitForOrderAsync("SO-RT1", o => o["invoices"]!.AsArray().Count == 2, "a credit note");

        Assert.Equal("Closed", Status(refunded));
        Assert.Equal("Refunded", Line(refunded, "1.2")["status"]!.GetValue<string>());
        Assert.Equal("PartiallyRefunded", refunded["paymentStatus"]!.GetValue<string>());
        var creditNote = refunded["invoices"]!.AsArray().Single(i => i!["kind"]!.GetValue<string>() == "credit-note")!;
        Assert.Matches(@"^CN-\d{4}-000001$", creditNote["number"]!.GetValue<string>());
        Assert.Equal(25.00m, creditNote["total"]!.GetValue<decimal>()); // one shirt at 25 incl. VAT; shipping is not credited
        Assert.Equal(25.00m, refunded["payment"]!["refunded"]!.GetValue<decimal>());
        var pdf = await world.Server.Client.GetAsync($"/api/documents/{creditNote["documentId"]!.GetValue<string>()}");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        var tee = await world.StockAsync("DC-VENLO", "SKU-TEE-01");
        Assert.Equal((9, 0), (tee.OnHand, tee.Reserved)); // 10 - 2 shipped + 1 back

        var refundEmail = await WaitForEmailAsync(world, "SO-RT1", "refund");
        var sent = await world.Server.GetJsonAsync($"/api/outbox/{Uri.EscapeDataString(refundEmail["id"]!.GetValue<string>())}");
        Assert.Contains($"Credit note {creditNote["number"]!.GetValue<string>()} is attached", sent["payload"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReturnOfALineNotYetDelivered_IsRejected_AndChangesNothing()
    {
        await using var world = await OrderWorld.StartAsync(("DC-VENLO", "SKU-TEE-01", 10));
        await world.PlaceAsync(OrderWorld.Order("SO-RT2", ("SKU-TEE-01", 1)));
        await world.WaitForOrderAsync("SO-RT2", o => o["shipments"]?.AsArray().Count == 1, "a shipment request");

        var response = await world.Server.PostJsonAsync("/hooks/returns", """{"orderId":"SO-RT2","lines":[{"lineId":"1","quantity":1,"reason":"changed my mind"}]}""");
        var instanceId = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["instanceId"]!.GetValue<string>();
        var instance = await world.Server.WaitForStatusAsync(instanceId, "Completed", "Faulted");

        Assert.Equal("Completed", instance["status"]!.GetValue<string>());
        Assert.Contains("Line 1 is Released; only delivered lines can be returned.", instance.ToJsonString(), StringComparison.Ordinal);
        var order = await world.Server.GetJsonAsync("/api/orders/SO-RT2");
        Assert.Equal("Released", Line(order, "1")["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReturnWithoutQuantity_Is400NamingTheField()
    {
        await using var world = await OrderWorld.StartAsync();
        var response = await world.Server.PostJsonAsync("/hooks/returns", """{"orderId":"SO-X","lines":[{"lineId":"1"}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("lines[0].quantity", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReturnRequestedBeforeTheOrderCloses_AndReceivedAfter_KeepsBothWrites()
    {
        // The review request (and the close after it) waits 4 s after delivery, so the return opens first.
        await using var world = await OrderWorld.StartAsync(
            (file, text) => file == "workflows/order-fulfilment.yaml" ? text.Replace("default: 1s", "default: 4s", StringComparison.Ordinal) : text,
            ("DC-VENLO", "SKU-TEE-01", 10));
        await world.PlaceAsync(OrderWorld.Order("SO-RT3", ("SKU-TEE-01", 2)));
        await world.WaitForOrderAsync("SO-RT3", o => o["shipments"]?.AsArray().Count == 1, "a shipment request");
        await world.ShipmentEventAsync("SO-RT3", "shipped");
        await world.ShipmentEventAsync("SO-RT3", "delivered");
        await world.WaitForOrderAsync("SO-RT3", o => o["lines"]![0]!["status"]!.GetValue<string>() == "Delivered", "delivered");

        var started = await world.Server.PostJsonAsync("/hooks/returns", """{"orderId":"SO-RT3","lines":[{"lineId":"1","quantity":1,"reason":"too small"}]}""");
        Assert.True(started.StatusCode == HttpStatusCode.Accepted, await started.Content.ReadAsStringAsync());
        var requested = await world.WaitForOrderAsync("SO-RT3", o => o["lines"]!.AsArray().Count == 2, "the returned shirt split off");
        Assert.NotEqual("Closed", Status(requested));
        // The fulfilment instance closes the order while the return instance waits for the parcel with its older copy.
        await world.WaitForOrderAsync("SO-RT3", o => Status(o) == "Closed", "Closed by the fulfilment instance");

        await PostUntilWaitingAsync(world, "/hooks/return-receipts", """{"orderId":"SO-RT3","nodeId":"DC-VENLO"}""");
        var refunded = await world.WaitForOrderAsync("SO-RT3", o => o["invoices"]!.AsArray().Count == 2, "a credit note");

        Assert.Equal("Closed", Status(refunded));
        Assert.Equal("Refunded", Line(refunded, "1.2")["status"]!.GetValue<string>());
        Assert.Equal("Closed", Line(refunded, "1")["status"]!.GetValue<string>());
        Assert.Contains(refunded["history"]!.AsArray(), h => h!["to"]!.GetValue<string>() == "Closed" && h["subject"]!.GetValue<string>() == "order");
    }

    private static async Task DeliverAsync(OrderWorld world, string orderId, params (string Sku, int Quantity)[] lines)
    {
        await world.PlaceAsync(OrderWorld.Order(orderId, lines));
        await world.WaitForOrderAsync(orderId, o => o["shipments"]?.AsArray().Count == 1, "a shipment request");
        await world.ShipmentEventAsync(orderId, "shipped");
        await world.WaitForOrderAsync(orderId, o => o["invoices"]!.AsArray().Count == 1, "an invoice");
        await world.ShipmentEventAsync(orderId, "delivered");
        await world.WaitForOrderAsync(orderId, o => Status(o) == "Closed", "Closed");
    }

    private static async Task PostUntilWaitingAsync(OrderWorld world, string path, string body)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var response = await world.Server.PostJsonAsync(path, body);
            if (response.IsSuccessStatusCode)
            {
                return;
            }
            Assert.True(response.StatusCode == HttpStatusCode.NotFound && DateTime.UtcNow < deadline,
                $"POST {path} -> {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(50);
        }
    }

    private static async Task<JsonObject> WaitForEmailAsync(OrderWorld world, string orderId, string topic)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if ((await world.EmailsAsync(orderId)).FirstOrDefault(e => e["topic"]?.GetValue<string>() == topic) is { } email)
            {
                return email;
            }
            await Task.Delay(50);
        }
        throw new Xunit.Sdk.XunitException($"No {topic} email for {orderId} within 20 s.");
    }
}
