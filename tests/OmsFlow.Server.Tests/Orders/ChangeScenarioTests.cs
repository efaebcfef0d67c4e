using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OmsFlow.Persistence.Storage;

namespace OmsFlow.Server.Tests.Orders;

/// <summary>
/// Order changes through <c>POST /hooks/order-changes</c>: the order-change flow checks the change policy and forwards
/// the request to the running fulfilment flow, which applies it by stage or rejects it.
/// </summary>
public sealed class ChangeScenarioTests
{
    private static IEnumerable<(string Status, int Quantity)> Reservations(JsonObject order)
        => order["reservations"]!.AsArray().Select(r => (r!["status"]!.GetValue<string>(), r["quantity"]!.GetValue<int>()));

    [Fact]
    public async Task QuantityChangeAfterTheShipmentRequest_CancelsItReleasesTheStock_AndReservesAndRequestsAgain()
    {
        await using var world = await OrderWorld.StartAsync(("DC-VENLO", "SKU-TEE-01", 10));
        await world.PlaceAsync(OrderWorld.Order("SO-C1", ("SKU-TEE-01", 2)));
        await world.WaitForOrderAsync("SO-C1", o => o["shipments"]?.AsArray().Count == 1, "a shipment request");

        await PostUntilWaitingAsync(world, """{"orderId":"SO-C1","changes":[{"type":"quantity","lineId":"1","quantity":5}]}""");
        var changed = await world.WaitForOrderAsync("SO-C1", o => o["shipments"]?.AsArray().Count == 2, "a new shipment request");

        var shipments = changed["shipments"]!.AsArray();
        Assert.Equal("cancelled", shipments[0]!["status"]!.GetValue<string>());
        Assert.Equal("requested", shipments[1]!["status"]!.GetValue<string>());
        Assert.Equal(["released", "active"], Reservations(changed).Select(r => r.Status));
        Assert.Equal([2, 5], Reservations(changed).Select(r => r.Quantity));
        var line = changed["lines"]![0]!;
        Assert.Equal(("Released", 5), (line["status"]!.GetValue<string>(), line["quantity"]!.GetValue<int>()));
        Assert.Equal(125.00m, changed["pricing"]!["grandTotal"]!.GetValue<decimal>()); // 5 x 25, shipping free over 50
        var tee = await world.StockAsync("DC-VENLO", "SKU-TEE-01");
        Assert.Equal((10, 5), (tee.OnHand, tee.Reserved));

        await world.ShipmentEventAsync("SO-C1", "shipped");
        var invoiced = await world.WaitForOrderAsync("SO-C1", o => o["invoices"]!.AsArray().Count == 1, "an invoice");
        Assert.Equal("Invoiced", invoiced["lines"]![0]!["status"]!.GetValue<string>());
        tee = await world.StockAsync("DC-VENLO", "SKU-TEE-01");
        Assert.Equal((5, 0), (tee.OnHand, tee.Reserved));
    }

    [Fact]
    public async Task AddedLineAndNewAddress_AreSourcedFromTheNodeThatHasTheStock()
    {
        await using var world = await OrderWorld.StartAsync(("DC-VENLO", "SKU-TEE-01", 10), ("DC-DALLAS", "SKU-MUG-01", 4));
        await world.PlaceAsync(OrderWorld.Order("SO-C2", ("SKU-TEE-01", 1)));
        await world.WaitForOrderAsync("SO-C2", o => o["shipments"]?.AsArray().Count == 1, "a shipment request");

        await PostUntilWaitingAsync(world, """
            {"orderId":"SO-C2","changes":[
              {"type":"add-line","sku":"SKU-MUG-01","quantity":2},
              {"type":"ship-to","address":{"name":"Anna de Vries","line1":"Stationsplein 1","city":"Amsterdam","postalCode":"1012 AB","country":"NL","latitude":52.38,"longitude":4.9}}]}
            """);
        var changed = await world.WaitForOrderAsync("SO-C2", o => o["shipments"]?.AsArray().Count(s => s!["status"]!.GetValue<string>() == "requested") == 2, "two new requests");

        Assert.Equal("Amsterdam", changed["shipTo"]!["city"]!.GetValue<string>());
        var mug = changed["lines"]!.AsArray().Single(l => l!["sku"]!.GetValue<string>() == "SKU-MUG-01")!;
        Assert.Equal(("2", "DC-DALLAS", "Released"), (mug["id"]!.GetValue<string>(), mug["nodeId"]!.GetValue<string>(), mug["status"]!.GetValue<string>()));
        Assert.Equal(2, (await world.StockAsync("DC-DALLAS", "SKU-MUG-01")).Reserved);
        Assert.Equal(1, (await world.StockAsync("DC-VENLO", "SKU-TEE-01")).Reserved);
    }

    [Fact]
    public async Task ChangeAfterShipping_IsRejected_AndTheOrderStaysAsItWas()
    {
        await using var world = await OrderWorld.StartAsync(("DC-VENLO", "SKU-TEE-01", 10));
        await world.PlaceAsync(OrderWorld.Order("SO-C3", ("SKU-TEE-01", 2)));
        await world.WaitForOrderAsync("SO-C3", o => o["shipments"]?.AsArray().Count == 1, "a shipment request");
        await world.ShipmentEventAsync("SO-C3", "shipped");
        await world.WaitForOrderAsync("SO-C3", o => o["invoices"]!.AsArray().Count == 1, "an invoice");

        await PostUntilWaitingAsync(world, """{"orderId":"SO-C3","changes":[{"type":"quantity","lineId":"1","quantity":1}]}""");
        var rejection = await WaitForEventAsync(world, "SO-C3", "order.change-rejected");

        Assert.Contains("Line 1 has shipped (Invoiced); it can only be returned and credited.", rejection.ToJsonString(), StringComparison.Ordinal);
        var order = await world.Server.GetJsonAsync("/api/orders/SO-C3");
        Assert.Equal(2, order["lines"]![0]!["quantity"]!.GetValue<int>());
        Assert.Single(order["shipments"]!.AsArray());
    }

    [Fact]
    public async Task ChangeToAnUnknownSku_IsRejectedByValidation_AndKeepsTheReservation()
    {
        await using var world = await OrderWorld.StartAsync(("DC-VENLO", "SKU-TEE-01", 10));
        await world.PlaceAsync(OrderWorld.Order("SO-C4", ("SKU-TEE-01", 2)));
        await world.WaitForOrderAsync("SO-C4", o => o["shipments"]?.AsArray().Count == 1, "a shipment request");

        await PostUntilWaitingAsync(world, """{"orderId":"SO-C4","changes":[{"type":"add-line","sku":"SKU-NOPE","quantity":1}]}""");
        var rejection = await WaitForEventAsync(world, "SO-C4", "order.change-rejected");

        Assert.Contains("An ordered SKU is unknown or no longer sold.", rejection.ToJsonString(), StringComparison.Ordinal);
        var order = await world.Server.GetJsonAsync("/api/orders/SO-C4");
        Assert.Single(order["lines"]!.AsArray());
        Assert.Equal(["active"], Reservations(order).Select(r => r.Status));
        Assert.Equal(2, (await world.StockAsync("DC-VENLO", "SKU-TEE-01")).Reserved);
    }

    [Fact]
    public async Task ChangeAddingMoreThanTwentyUnits_IsRejectedByTheChangePolicy_AndNeverReachesTheOrder()
    {
        await using var world = await OrderWorld.StartAsync(("DC-VENLO", "SKU-TEE-01", 50));
        await world.PlaceAsync(OrderWorld.Order("SO-C5", ("SKU-TEE-01", 2)));
        await world.WaitForOrderAsync("SO-C5", o => o["shipments"]?.AsArray().Count == 1, "a shipment request");

        await PostUntilWaitingAsync(world, """{"orderId":"SO-C5","changes":[{"type":"quantity","lineId":"1","quantity":30}]}""");
        var rejection = await WaitForEventAsync(world, "SO-C5", "order.change-rejected");

        Assert.Contains("A change may add at most 20 units to a line (28 asked)", rejection.ToJsonString(), StringComparison.Ordinal);
        var order = await world.Server.GetJsonAsync("/api/orders/SO-C5");
        Assert.Equal(2, order["lines"]![0]!["quantity"]!.GetValue<int>());
        Assert.Single(order["shipments"]!.AsArray());
        Assert.Equal(2, (await world.StockAsync("DC-VENLO", "SKU-TEE-01")).Reserved);
    }

    [Fact]
    public async Task ChangeWithAChangeId_RunsAsAnOrderChangeInstanceCorrelatedByIt_AndIsForwarded()
    {
        await using var world = await OrderWorld.StartAsync(("DC-VENLO", "SKU-TEE-01", 10));
        await world.PlaceAsync(OrderWorld.Order("SO-C6", ("SKU-TEE-01", 2)));
        await world.WaitForOrderAsync("SO-C6", o => o["shipments"]?.AsArray().Count == 1, "a shipment request");

        var response = await world.Server.PostJsonAsync("/hooks/order-changes", """{"orderId":"SO-C6","changeId":"CHG-6","changes":[{"type":"quantity","lineId":"1","quantity":3}]}""");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var instance = await world.Server.WaitForStatusAsync((await Infrastructure.ServerHarness.ReadAsync(response))["instanceId"]!.GetValue<string>(), "Completed");
        Assert.Equal(("order-change", "CHG-6", "Completed"), (instance["workflowId"]!.GetValue<string>(), instance["correlationKey"]!.GetValue<string>(), instance["status"]!.GetValue<string>()));
        Assert.True(instance["outputs"]!["forwarded"]!.GetValue<bool>());
        var changed = await world.WaitForOrderAsync("SO-C6", o => o["shipments"]?.AsArray().Count == 2, "the new shipment request");
        Assert.Equal(3, changed["lines"]![0]!["quantity"]!.GetValue<int>());
    }

    [Fact]
    public async Task ChangeForAnUnknownOrder_IsAcceptedThenRejectedWithTheReason()
    {
        await using var world = await OrderWorld.StartAsync();

        await PostUntilWaitingAsync(world, """{"orderId":"SO-NONE","changes":[{"type":"quantity","lineId":"1","quantity":3}]}""");
        var rejection = await WaitForEventAsync(world, "SO-NONE", "order.change-rejected");

        // The reason quotes the order id; JSON text escapes the quotes, so the id and the wording are checked apart.
        Assert.Contains("There is no order ", rejection.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("SO-NONE", rejection.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangeBeyondTheStock_BackordersTheRest_AndShipsItWhenStockArrives()
    {
        await using var world = await OrderWorld.StartAsync(("DC-VENLO", "SKU-TEE-01", 5));
        await world.PlaceAsync(OrderWorld.Order("SO-C7", ("SKU-TEE-01", 2)));
        await world.WaitForOrderAsync("SO-C7", o => o["shipments"]?.AsArray().Count == 1, "a shipment request");

        await PostUntilWaitingAsync(world, """{"orderId":"SO-C7","changes":[{"type":"quantity","lineId":"1","quantity":8}]}""");
        var split = await world.WaitForOrderAsync("SO-C7", o => o["lines"]!.AsArray().Any(l => l!["status"]!.GetValue<string>() == "Backordered"), "a backordered split");
        Assert.Equal(3, split["lines"]!.AsArray().Where(l => l!["status"]!.GetValue<string>() == "Backordered").Sum(l => l!["quantity"]!.GetValue<int>()));

        await WaitUntilWaitingForStockAsync(world, "SO-C7");
        await world.ReceiveStockAsync("DC-VENLO", "SKU-TEE-01", 3, "SO-C7");

        var restocked = await world.WaitForOrderAsync("SO-C7", o => o["shipments"]!.AsArray().Count(s => s!["status"]!.GetValue<string>() == "requested") == 2, "a request for the restocked units");
        Assert.All(restocked["lines"]!.AsArray().Where(l => l!["sku"]!.GetValue<string>() == "SKU-TEE-01"), l => Assert.Equal("Released", l!["status"]!.GetValue<string>()));
        Assert.Equal(8, restocked["lines"]!.AsArray().Where(l => l!["sku"]!.GetValue<string>() == "SKU-TEE-01").Sum(l => l!["quantity"]!.GetValue<int>()));
        Assert.Equal(8, (await world.StockAsync("DC-VENLO", "SKU-TEE-01")).Reserved);
    }

    [Fact]
    public async Task ChangeWithoutLineId_Is400NamingTheField()
    {
        await using var world = await OrderWorld.StartAsync();
        var response = await world.Server.PostJsonAsync("/hooks/order-changes", """{"orderId":"SO-X","changes":[{"type":"quantity","quantity":3}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("changes[0].lineId", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["field"]!.GetValue<string>());
    }

    private static async Task PostUntilWaitingAsync(OrderWorld world, string body)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var response = await world.Server.PostJsonAsync("/hooks/order-changes", body);
            if (response.IsSuccessStatusCode)
            {
                return;
            }
            Assert.True(response.StatusCode == HttpStatusCode.NotFound && DateTime.UtcNow < deadline,
                $"POST /hooks/order-changes -> {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(50);
        }
    }

    /// <summary>Polls (bounded) until the order's instance waits for the stock-arrived signal, so the receipt's signal reaches it.</summary>
    private static async Task WaitUntilWaitingForStockAsync(OrderWorld world, string orderId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            await using (var context = world.Server.Services.GetRequiredService<OmsFlowStorage>().CreateContext())
            {
                if (await context.Bookmarks.AnyAsync(b => b.Kind == "signal" && b.Name == "stock-arrived" && b.CorrelationKey == orderId))
                {
                    return;
                }
            }
            Assert.True(DateTime.UtcNow < deadline, $"Order {orderId} never waited for stock.");
            await Task.Delay(50);
        }
    }

    private static async Task<JsonObject> WaitForEventAsync(OrderWorld world, string orderId, string type)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var items = (await world.Server.GetJsonAsync($"/api/outbox?orderId={orderId}"))["items"]!.AsArray();
            if (items.FirstOrDefault(m => m!["topic"]?.GetValue<string>() == type) is { } message)
            {
                return await world.Server.GetJsonAsync($"/api/outbox/{Uri.EscapeDataString(message["id"]!.GetValue<string>())}");
            }
            await Task.Delay(50);
        }
        throw new Xunit.Sdk.XunitException($"No {type} event for {orderId} within 20 s.");
    }
}
