using System.Text.Json.Nodes;

namespace OmsFlow.Server.Tests.Orders;

/// <summary>
/// Orders the approval-policy table flags (here: the STAFF25 coupon, 25% off, over the 20% threshold) wait for an
/// approver; approving continues the order to fulfilment, rejecting cancels it with the approver's reason.
/// </summary>
public sealed class OrderApprovalScenarioTests
{
    private static string Status(JsonObject order) => order["status"]!.GetValue<string>();

    [Fact]
    public async Task StaffCouponOrder_WaitsForApprover_AndContinuesToFulfilmentOnApprove()
    {
        await using var world = await OrderWorld.StartAsync(("DC-VENLO", "SKU-TEE-01", 10));
        await world.PlaceAsync(OrderWorld.Order("SO-A1", ["STAFF25"], ("SKU-TEE-01", 4)));

        var task = await world.WaitForTaskAsync("approver", "SO-A1");
        var pending = await world.WaitForOrderAsync("SO-A1", o => Status(o) == "PendingApproval", "PendingApproval");
        Assert.Equal(25m, pending["pricing"]!["discountPercent"]!.GetValue<decimal>());
        Assert.Equal(75.00m, pending["pricing"]!["grandTotal"]!.GetValue<decimal>()); // 4 x 25 less 25%, free shipping over 50
        Assert.Equal(0, (await world.StockAsync("DC-VENLO", "SKU-TEE-01")).Reserved);
        Assert.Contains("discount over 20%", task["title"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["approve", "reject"], task["outcomes"]!.AsArray().Select(o => o!.GetValue<string>()));

        await world.CompleteTaskAsync(task["id"]!.GetValue<string>(), "approve");

        var released = await world.WaitForOrderAsync("SO-A1", o => o["shipments"]?.AsArray().Count == 1, "a shipment request after approval");
        Assert.Equal("Processing", Status(released));
        Assert.Equal(4, (await world.StockAsync("DC-VENLO", "SKU-TEE-01")).Reserved);
        var approvals = await world.Server.GetJsonAsync("/api/tasks?role=approver");
        Assert.DoesNotContain(approvals["items"]!.AsArray(), t => t!["correlationKey"]?.GetValue<string>() == "SO-A1");
        Assert.Contains(await world.EmailsAsync("SO-A1"), e => e["topic"]?.GetValue<string>() == "order-confirmation");
    }

    [Fact]
    public async Task StaffCouponOrder_RejectedByApprover_IsCancelledWithTheReason_AndReservesNothing()
    {
        await using var world = await OrderWorld.StartAsync(("DC-VENLO", "SKU-TEE-01", 10));
        await world.PlaceAsync(OrderWorld.Order("SO-A2", ["STAFF25"], ("SKU-TEE-01", 4)));

        var task = await world.WaitForTaskAsync("approver", "SO-A2");
        await world.CompleteTaskAsync(task["id"]!.GetValue<string>(), "reject", "Coupon not valid for this customer");

        var cancelled = await world.WaitForOrderAsync("SO-A2", o => Status(o) == "Cancelled", "Cancelled");
        Assert.Equal("Approval rejected: Coupon not valid for this customer", cancelled["cancelReason"]!.GetValue<string>());
        Assert.All(cancelled["lines"]!.AsArray(), l => Assert.Equal("Cancelled", l!["status"]!.GetValue<string>()));
        Assert.Equal("Voided", cancelled["paymentStatus"]!.GetValue<string>());
        Assert.Empty(cancelled["shipments"]!.AsArray());
        Assert.Equal(0, (await world.StockAsync("DC-VENLO", "SKU-TEE-01")).Reserved);
        var topics = (await world.EmailsAsync("SO-A2")).Select(e => e["topic"]?.GetValue<string>()).ToList();
        Assert.Contains("cancellation", topics);
        Assert.DoesNotContain("order-confirmation", topics);
    }
}
