using System.Text.Json.Nodes;

namespace OmsFlow.Server.Tests.Orders;

/// <summary>Sourcing through the reference flow: splits across nodes, backorders, and the backorder filled when stock arrives.</summary>
public sealed class OrderSourcingScenarioTests
{
    private static string Status(JsonNode? node) => node!["status"]!.GetValue<string>();

    [Fact]
    public async Task OrderLargerThanOneNodesStock_SplitsTheLineAcrossTwoNodes_WithTwoShipments()
    {
        await using var world = await OrderWorld.StartAsync(("DC-VENLO", "SKU-TEE-01", 2), ("DC-DALLAS", "SKU-TEE-01", 3));
        await world.PlaceAsync(OrderWorld.Order("SO-S1", ("SKU-TEE-01", 4)));

        var released = await world.WaitForOrderAsync("SO-S1", o => o["shipments"]?.AsArray().Count == 2, "two shipment requests");
        var lines = released["lines"]!.AsArray().Select(l => l!.AsObject()).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal(4, lines.Sum(l => l["quantity"]!.GetValue<int>()));
        Assert.All(lines, l => Assert.Equal("Released", Status(l)));
        Assert.Equal("1", lines[1]["splitFrom"]!.GetValue<string>());
        // Nearest first: both of Venlo's, the other two from Dallas.
        Assert.Equal([("DC-VENLO", 2), ("DC-DALLAS", 2)], lines.Select(l => (l["nodeId"]!.GetValue<string>(), l["quantity"]!.GetValue<int>())));
        Assert.Equal(["DC-DALLAS", "DC-VENLO"], released["shipments"]!.AsArray().Select(s => s!["nodeId"]!.GetValue<string>()).Order());
        Assert.Equal(2, (await world.StockAsync("DC-VENLO", "SKU-TEE-01")).Reserved);
        Assert.Equal(2, (await world.StockAsync("DC-DALLAS", "SKU-TEE-01")).Reserved);

        foreach (var shipment in released["shipments"]!.AsArray())
        {
            await world.ShipmentEventAsync("SO-S1", "shipped", shipment!["id"]!.GetValue<string>());
        }
        var invoiced = await world.WaitForOrderAsync("SO-S1", o => o["invoices"]!.AsArray().Count == 1, "one invoice once both parcels shipped");
        Assert.Equal(2, (await world.EmailsAsync("SO-S1")).Count(e => e["topic"]?.GetValue<string>() == "shipped"));
        foreach (var shipment in invoiced["shipments"]!.AsArray())
        {
            await world.ShipmentEventAsync("SO-S1", "delivered", shipment!["id"]!.GetValue<string>());
        }
        await world.WaitForOrderAsync("SO-S1", o => Status(o) == "Closed", "Closed");
    }

    [Fact]
    public async Task OrderWithNoStock_Backorders_AndShipsWhenStockArrives()
    {
        await using var world = await OrderWorld.StartAsync(("DC-VENLO", "SKU-MUG-01", 0), ("DC-VENLO", "SKU-TEE-01", 5));
        await world.PlaceAsync(OrderWorld.Order("SO-B1", ("SKU-MUG-01", 3)));

        var backordered = await world.WaitForOrderAsync("SO-B1", o => o["lines"]![0]!["status"]!.GetValue<string>() == "Backordered", "a backordered line");
        Assert.Equal("Processing", Status(backordered));
        Assert.Empty(backordered["shipments"]!.AsArray());
        Assert.Empty(backordered["reservations"]!.AsArray());
        await world.WaitForEmailAsync("SO-B1", "order-confirmation");

        await world.ReceiveStockAsync("DC-VENLO", "SKU-MUG-01", 10, "SO-B1");

        var released = await world.WaitForOrderAsync("SO-B1", o => o["shipments"]?.AsArray().Count == 1, "a shipment request once stock arrived");
        Assert.Equal("Released", Status(released["lines"]![0]));
        Assert.Equal(3, (await world.StockAsync("DC-VENLO", "SKU-MUG-01")).Reserved);
        await world.ShipmentEventAsync("SO-B1", "shipped");
        await world.ShipmentEventAsync("SO-B1", "delivered");
        var closed = await world.WaitForOrderAsync("SO-B1", o => Status(o) == "Closed", "Closed");
        Assert.Single(closed["invoices"]!.AsArray());
        Assert.Equal((7, 0), await world.StockAsync("DC-VENLO", "SKU-MUG-01") is var mug ? (mug.OnHand, mug.Reserved) : default);
    }

    [Fact]
    public async Task OrderWithPartStock_SchedulesWhatIsThere_AndBackordersTheRestInASplitLine()
    {
        await using var world = await OrderWorld.StartAsync(("DC-VENLO", "SKU-MUG-01", 2));
        await world.PlaceAsync(OrderWorld.Order("SO-B2", ("SKU-MUG-01", 4)));

        var order = await world.WaitForOrderAsync("SO-B2", o => o["shipments"]?.AsArray().Count == 1, "a shipment for the part in stock");
        var lines = order["lines"]!.AsArray().Select(l => (l!["quantity"]!.GetValue<int>(), Status(l))).ToList();
        Assert.Equal([(2, "Released"), (2, "Backordered")], lines);
        Assert.Equal(2, (await world.StockAsync("DC-VENLO", "SKU-MUG-01")).Reserved);
    }
}
