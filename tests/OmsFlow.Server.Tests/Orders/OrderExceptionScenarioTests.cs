using System.Text.Json.Nodes;

namespace OmsFlow.Server.Tests.Orders;

/// <summary>Orders that leave the happy path: cancelled after release, held for fraud review, rejected by validation.</summary>
public sealed class OrderExceptionScenarioTests
{
    private static string Status(JsonNode? node) => node!["status"]!.GetValue<string>();

    [Fact]
    public async Task CancellationAfterRelease_CancelsTheShipmentRequest_AndReleasesTheStock()
    {
        await using var world = await OrderWorld.StartAsync(("DC-VENLO", "SKU-TEE-01", 10));
        await world.PlaceAsync(OrderWorld.Order("SO-C1", ("SKU-TEE-01", 3)));
        await world.WaitForOrderAsync("SO-C1", o => o["shipments"]?.AsArray().Count == 1, "a shipment request");
        Assert.Equal(3, (await world.StockAsync("DC-VENLO", "SKU-TEE-01")).Reserved);

        await world.CancelAsync("SO-C1", "Customer changed their mind");

        var cancelled = await world.WaitForOrderAsync("SO-C1", o => Status(o) == "Cancelled", "Cancelled");
        Assert.Equal("Customer changed their mind", cancelled["cancelReason"]!.GetValue<string>());
        Assert.Equal("cancelled", Status(cancelled["shipments"]![0]));
        Assert.All(cancelled["lines"]!.AsArray(), l => Assert.Equal("Cancelled", Status(l)));
        Assert.All(cancelled["reservations"]!.AsArray(), r => Assert.NotEqual("active", Status(r)));
        var tee = await world.StockAsync("DC-VENLO", "SKU-TEE-01");
        Assert.Equal((10, 0), (tee.OnHand, tee.Reserved));
        var events = await world.Server.GetJsonAsync("/api/outbox?orderId=SO-C1");
        Assert.Contains(events["items"]!.AsArray(), m => m!["topic"]?.GetValue<string>() == "shipment.cancelled");
        Assert.Contains(await world.EmailsAsync("SO-C1"), e => e["topic"]?.GetValue<string>() == "cancellation");
        var instance = await world.Server.WaitForStatusAsync(cancelled["instanceId"]!.GetValue<string>(), "Completed");
        Assert.Equal("Completed", instance["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task HighRiskScore_HoldsTheOrderForTheRiskTeam_AndReleasingItContinuesFulfilment()
    {
        await using var world = await OrderWorld.StartAsync(("DC-VENLO", "SKU-TEE-01", 10));
        await world.PlaceAsync(OrderWorld.Adjust(OrderWorld.Order("SO-F1", ("SKU-TEE-01", 1)), o => o["payment"]!["riskScore"] = 92));

        var task = await world.WaitForTaskAsync("risk", "SO-F1");
        var held = await world.WaitForOrderAsync("SO-F1", o => Status(o) == "OnHold", "OnHold");
        var hold = Assert.Single(held["holds"]!.AsArray());
        Assert.Equal("fraud", hold!["type"]!.GetValue<string>());
        Assert.Equal("The payment provider scored the order 92 out of 100.", hold["reason"]!.GetValue<string>());
        Assert.Equal(0, (await world.StockAsync("DC-VENLO", "SKU-TEE-01")).Reserved);

        await world.CompleteTaskAsync(task["id"]!.GetValue<string>(), "release");

        var released = await world.WaitForOrderAsync("SO-F1", o => o["shipments"]?.AsArray().Count == 1, "a shipment request after the review");
        Assert.Equal("Processing", Status(released));
        Assert.Equal(1, (await world.StockAsync("DC-VENLO", "SKU-TEE-01")).Reserved);
    }

    [Fact]
    public async Task HighRiskScore_CancelledByTheRiskTeam_EndsCancelledWithoutReservingStock()
    {
        await using var world = await OrderWorld.StartAsync(("DC-VENLO", "SKU-TEE-01", 10));
        await world.PlaceAsync(OrderWorld.Adjust(OrderWorld.Order("SO-F2", ("SKU-TEE-01", 1)), o => o["payment"]!["riskScore"] = 80));

        var task = await world.WaitForTaskAsync("risk", "SO-F2");
        await world.CompleteTaskAsync(task["id"]!.GetValue<string>(), "cancel");

        var cancelled = await world.WaitForOrderAsync("SO-F2", o => Status(o) == "Cancelled", "Cancelled");
        Assert.Equal("The order did not pass the fraud and credit review.", cancelled["cancelReason"]!.GetValue<string>());
        Assert.Equal("Voided", cancelled["paymentStatus"]!.GetValue<string>());
        Assert.Empty(cancelled["reservations"]!.AsArray());
        Assert.Equal(0, (await world.StockAsync("DC-VENLO", "SKU-TEE-01")).Reserved);
        await world.WaitForEmailAsync("SO-F2", "cancellation");
    }

    [Fact]
    public async Task ShipToCountryOutsideTheList_IsRejectedWithTheRulesMessage()
    {
        await using var world = await OrderWorld.StartAsync(("DC-VENLO", "SKU-TEE-01", 10));
        await world.PlaceAsync(OrderWorld.Adjust(OrderWorld.Order("SO-V1", ("SKU-TEE-01", 1)), o => o["shipTo"]!["country"] = "BR"));

        var rejected = await world.WaitForOrderAsync("SO-V1", o => Status(o) == "Rejected", "Rejected");
        Assert.Equal(["We do not ship to BR."], rejected["problems"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal("Validation failed: We do not ship to BR.", rejected["cancelReason"]!.GetValue<string>());
        Assert.Empty(rejected["reservations"]!.AsArray());
        await world.WaitForEmailAsync("SO-V1", "cancellation");
    }
}
