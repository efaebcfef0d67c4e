using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OmsFlow.Persistence.Storage;
using OmsFlow.Workflows.Runtime;

namespace OmsFlow.Server.Tests.Orders;

/// <summary>
/// Hook calls that reach a running order before it waits for them (a change while the order waits for approval, a
/// shipment before the shipment request) are buffered with 202 and handed to the order's wait as soon as it waits.
/// The orders here use the STAFF25 coupon, so they stop at the approver until the test approves them.
/// </summary>
public sealed class BufferedHookScenarioTests
{
    private static string ChangeQuantity(string orderId, int quantity)
        => $$"""{"orderId":"{{orderId}}","changes":[{"type":"quantity","lineId":"1","quantity":{{quantity}}}]}""";

    [Fact]
    public async Task ChangeSentDuringTheApprovalWait_IsBuffered_AndAppliedAfterApproval()
    {
        await using var world = await OrderWorld.StartAsync(("DC-VENLO", "SKU-TEE-01", 10));
        await world.PlaceAsync(OrderWorld.Order("SO-B1", ["STAFF25"], ("SKU-TEE-01", 4)));
        var task = await world.WaitForTaskAsync("approver", "SO-B1");

        var first = await PostAsync(world, "/hooks/order-changes", ChangeQuantity("SO-B1", 6), "change-b1");
        var replay = await PostAsync(world, "/hooks/order-changes", ChangeQuantity("SO-B1", 6), "change-b1");

        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        Assert.Equal("buffered", first.Body["status"]!.GetValue<string>());
        Assert.Equal(first.Body.ToJsonString(), replay.Body.ToJsonString());
        Assert.Equal(1, await PendingAsync(world));
        Assert.Equal(4, (await world.Server.GetJsonAsync("/api/orders/SO-B1"))["lines"]![0]!["quantity"]!.GetValue<int>());

        await world.CompleteTaskAsync(task["id"]!.GetValue<string>(), "approve");

        var changed = await world.WaitForOrderAsync("SO-B1", o => o["shipments"]?.AsArray().Count == 2, "the changed order's new shipment request");
        Assert.Equal(6, changed["lines"]![0]!["quantity"]!.GetValue<int>());
        Assert.Equal(112.50m, changed["pricing"]!["grandTotal"]!.GetValue<decimal>()); // 6 x 25 less 25%
        Assert.Equal(6, (await world.StockAsync("DC-VENLO", "SKU-TEE-01")).Reserved);
        Assert.Equal(0, await PendingAsync(world));
    }

    [Fact]
    public async Task ShipmentConfirmedBeforeTheOrderWaitsForIt_IsBuffered_AndRecordedOnceReleased()
    {
        await using var world = await OrderWorld.StartAsync(("DC-VENLO", "SKU-TEE-01", 10));
        await world.PlaceAsync(OrderWorld.Order("SO-B2", ["STAFF25"], ("SKU-TEE-01", 2)));
        var task = await world.WaitForTaskAsync("approver", "SO-B2");

        var shipped = await PostAsync(world, "/hooks/shipments", """{"orderId":"SO-B2","status":"shipped","carrier":"PostNL","trackingNumber":"3SEARLY"}""");
        Assert.Equal(HttpStatusCode.Accepted, shipped.Status);
        await world.CompleteTaskAsync(task["id"]!.GetValue<string>(), "approve");

        var invoiced = await world.WaitForOrderAsync("SO-B2", o => o["invoices"]!.AsArray().Count == 1, "an invoice after the buffered shipment");
        var shipment = Assert.Single(invoiced["shipments"]!.AsArray())!;
        Assert.Equal(("shipped", "3SEARLY"), (shipment["status"]!.GetValue<string>(), shipment["trackingNumber"]!.GetValue<string>()));
        Assert.Equal("Invoiced", invoiced["lines"]![0]!["status"]!.GetValue<string>());
        await world.WaitForEmailAsync("SO-B2", "shipped");
    }

    [Fact]
    public async Task TwoBufferedChanges_AreAppliedInArrivalOrder()
    {
        await using var world = await OrderWorld.StartAsync(("DC-VENLO", "SKU-TEE-01", 10));
        await world.PlaceAsync(OrderWorld.Order("SO-B3", ["STAFF25"], ("SKU-TEE-01", 2)));
        var task = await world.WaitForTaskAsync("approver", "SO-B3");

        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(world, "/hooks/order-changes", ChangeQuantity("SO-B3", 3))).Status);
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(world, "/hooks/order-changes", ChangeQuantity("SO-B3", 5))).Status);
        await world.CompleteTaskAsync(task["id"]!.GetValue<string>(), "approve");

        var changed = await world.WaitForOrderAsync("SO-B3", o => o["shipments"]?.AsArray().Count == 3, "a request per change");
        Assert.Equal(["cancelled", "cancelled", "requested"], changed["shipments"]!.AsArray().Select(s => s!["status"]!.GetValue<string>()));
        Assert.Equal(5, changed["lines"]![0]!["quantity"]!.GetValue<int>());
        Assert.Equal(5, (await world.StockAsync("DC-VENLO", "SKU-TEE-01")).Reserved);
        Assert.Equal(0, await PendingAsync(world));
    }

    [Fact]
    public async Task BufferedChange_SurvivesARestartBeforeTheOrderWaits()
    {
        await using var world = await OrderWorld.StartAsync(("DC-VENLO", "SKU-TEE-01", 10));
        await world.PlaceAsync(OrderWorld.Order("SO-B4", ["STAFF25"], ("SKU-TEE-01", 2)));
        await world.WaitForTaskAsync("approver", "SO-B4");
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(world, "/hooks/order-changes", ChangeQuantity("SO-B4", 3))).Status);

        await world.Server.RestartAsync();
        var task = await world.WaitForTaskAsync("approver", "SO-B4");
        await world.CompleteTaskAsync(task["id"]!.GetValue<string>(), "approve");

        var changed = await world.WaitForOrderAsync("SO-B4", o => o["shipments"]?.AsArray().Count == 2, "the change applied after the restart");
        Assert.Equal(3, changed["lines"]![0]!["quantity"]!.GetValue<int>());
        Assert.Equal(0, await PendingAsync(world));
    }

    [Fact]
    public async Task BufferedChangeOlderThanItsTimeToLive_IsNotApplied_AndIsPurged()
    {
        await using var world = await OrderWorld.StartAsync(null, ["--Hooks:PendingMessageTtl=00:00:00.300"], ("DC-VENLO", "SKU-TEE-01", 10));
        await world.PlaceAsync(OrderWorld.Order("SO-B5", ["STAFF25"], ("SKU-TEE-01", 2)));
        var task = await world.WaitForTaskAsync("approver", "SO-B5");
        var buffered = await PostAsync(world, "/hooks/order-changes", ChangeQuantity("SO-B5", 3));
        Assert.Equal(HttpStatusCode.Accepted, buffered.Status);
        var expiresAt = buffered.Body["expiresAt"]!.GetValue<DateTimeOffset>();
        while (DateTimeOffset.UtcNow <= expiresAt.AddMilliseconds(50))
        {
            await Task.Delay(50);
        }

        await world.CompleteTaskAsync(task["id"]!.GetValue<string>(), "approve");
        await world.WaitForOrderAsync("SO-B5", o => o["shipments"]?.AsArray().Count == 1, "the shipment request");
        await WaitForChangeListenerAsync(world, "SO-B5");
        await world.Server.Services.GetRequiredService<WorkflowEngine>().SweepPendingHooksAsync();

        var order = await world.Server.GetJsonAsync("/api/orders/SO-B5");
        Assert.Equal(2, order["lines"]![0]!["quantity"]!.GetValue<int>());
        Assert.Single(order["shipments"]!.AsArray());
        Assert.Equal(0, await PendingAsync(world));
    }

    [Fact]
    public async Task ChangeForAnOrderThatIsNotRunning_Is404()
    {
        await using var world = await OrderWorld.StartAsync(("DC-VENLO", "SKU-TEE-01", 10));

        var unknown = await PostAsync(world, "/hooks/order-changes", ChangeQuantity("SO-NOPE", 3));

        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Contains("SO-NOPE", unknown.Body.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(0, await PendingAsync(world));
    }

    private static async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(OrderWorld world, string path, string json, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        using var response = await world.Server.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? [] : JsonNode.Parse(text)!.AsObject());
    }

    private static async Task<int> PendingAsync(OrderWorld world)
    {
        await using var context = world.Server.Services.GetRequiredService<OmsFlowStorage>().CreateContext();
        return await context.PendingHookMessages.CountAsync();
    }

    /// <summary>Polls (bounded) until the order's fulfilment instance listens for changes: a buffered change would have been taken by now.</summary>
    private static async Task WaitForChangeListenerAsync(OrderWorld world, string orderId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            await using (var context = world.Server.Services.GetRequiredService<OmsFlowStorage>().CreateContext())
            {
                if (await context.Bookmarks.AnyAsync(b => b.Kind == "hook" && b.Name == "order-changes" && b.CorrelationKey == orderId))
                {
                    return;
                }
            }
            Assert.True(DateTime.UtcNow < deadline, $"Order {orderId} never listened for changes.");
            await Task.Delay(50);
        }
    }
}
