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
/// shipment before the shipment request) are kept and handed to the order's wait as soon as it waits: a shipment posted
/// to <c>/hooks/shipments</c> is answered 202 "buffered"; a change goes through the order-change flow, which forwards it.
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
        Assert.Equal(first.Body.ToJsonString(), replay.Body.ToJsonString());
        // The order-change instance checked the policy and handed the change on; the order does not listen yet.
        var forwarded = await world.Server.WaitForStatusAsync(first.Body["instanceId"]!.GetValue<string>(), "Completed");
        Assert.True(forwarded["outputs"]!["forwarded"]!.GetValue<bool>(), forwarded.ToJsonString());
        Assert.Equal(1, await PendingAsync(world));
        // A sweep purges nothing live and delivers nothing while the order does not listen yet.
        Assert.Equal(0, await world.Server.Services.GetRequiredService<WorkflowEngine>().SweepPendingHooksAsync());
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
        Assert.Equal("buffered", shipped.Body["status"]!.GetValue<string>());
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

        // Each request runs in its own order-change instance; the second is sent once the first was handed on.
        await ChangeAndWaitUntilKeptAsync(world, ChangeQuantity("SO-B3", 3), 1);
        await ChangeAndWaitUntilKeptAsync(world, ChangeQuantity("SO-B3", 5), 2);
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
        await ChangeAndWaitUntilKeptAsync(world, ChangeQuantity("SO-B4", 3), 1);

        await world.Server.RestartAsync();
        var task = await world.WaitForTaskAsync("approver", "SO-B4");
        await world.CompleteTaskAsync(task["id"]!.GetValue<string>(), "approve");

        var changed = await world.WaitForOrderAsync("SO-B4", o => o["shipments"]?.AsArray().Count == 2, "the change applied after the restart");
        Assert.Equal(3, changed["lines"]![0]!["quantity"]!.GetValue<int>());
        Assert.Equal(0, await PendingAsync(world));
    }

    [Fact]
    public async Task BufferedShipmentOlderThanItsTimeToLive_IsNotApplied_AndIsPurged()
    {
        await using var world = await OrderWorld.StartAsync(null, ["--Hooks:PendingMessageTtl=00:00:00.300"], ("DC-VENLO", "SKU-TEE-01", 10));
        await world.PlaceAsync(OrderWorld.Order("SO-B5", ["STAFF25"], ("SKU-TEE-01", 2)));
        var task = await world.WaitForTaskAsync("approver", "SO-B5");
        var buffered = await PostAsync(world, "/hooks/shipments", """{"orderId":"SO-B5","status":"shipped","carrier":"PostNL","trackingNumber":"3SLATE"}""");
        Assert.Equal(HttpStatusCode.Accepted, buffered.Status);
        var expiresAt = buffered.Body["expiresAt"]!.GetValue<DateTimeOffset>();
        while (DateTimeOffset.UtcNow <= expiresAt.AddMilliseconds(50))
        {
            await Task.Delay(50);
        }

        await world.CompleteTaskAsync(task["id"]!.GetValue<string>(), "approve");
        await world.WaitForOrderAsync("SO-B5", o => o["shipments"]?.AsArray().Count == 1, "the shipment request");
        await WaitForListenerAsync(world, "shipments", "SO-B5");
        await world.Server.Services.GetRequiredService<WorkflowEngine>().SweepPendingHooksAsync();

        var order = await world.Server.GetJsonAsync("/api/orders/SO-B5");
        Assert.Equal("requested", order["shipments"]![0]!["status"]!.GetValue<string>());
        Assert.Empty(order["invoices"]!.AsArray());
        Assert.Equal(0, await PendingAsync(world));
    }

    [Fact]
    public async Task MessageStrandedBesideAnOrderThatAlreadyWaits_IsDeliveredByTheSweep()
    {
        await using var world = await OrderWorld.StartAsync(("DC-VENLO", "SKU-TEE-01", 10));
        await world.PlaceAsync(OrderWorld.Order("SO-B6", ("SKU-TEE-01", 2)));
        await world.WaitForOrderAsync("SO-B6", o => o["shipments"]?.AsArray().Count == 1, "a shipment request");
        await WaitForListenerAsync(world, "order-changes", "SO-B6");
        // What a message buffered while the order committed its wait looks like: kept, with the order already waiting.
        await using (var context = world.Server.Services.GetRequiredService<OmsFlowStorage>().CreateContext())
        {
            context.PendingHookMessages.Add(new Persistence.Records.PendingHookMessageRecord
            {
                Path = "order-changes", Key = "SO-B6", Body = ChangeQuantity("SO-B6", 4),
                ReceivedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), ExpiresAt = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds(),
            });
            await context.SaveChangesAsync();
        }

        await world.Server.Services.GetRequiredService<WorkflowEngine>().SweepPendingHooksAsync();

        var changed = await world.WaitForOrderAsync("SO-B6", o => o["shipments"]?.AsArray().Count == 2, "the change the sweep delivered");
        Assert.Equal(4, changed["lines"]![0]!["quantity"]!.GetValue<int>());
        Assert.Equal(0, await PendingAsync(world));
    }

    [Fact]
    public async Task DeliveredPostedWhileTheShippedBeforeItIsStillKept_DoesNotOvertakeIt()
    {
        await using var world = await OrderWorld.StartAsync(("DC-VENLO", "SKU-TEE-01", 10));
        await world.PlaceAsync(OrderWorld.Order("SO-B7", ("SKU-TEE-01", 2)));
        await world.WaitForOrderAsync("SO-B7", o => o["shipments"]?.AsArray().Count == 1, "a shipment request");
        await WaitForListenerAsync(world, "shipments", "SO-B7");
        // "shipped" was kept (by another process, or while the order committed its wait) and is not delivered yet.
        await using (var context = world.Server.Services.GetRequiredService<OmsFlowStorage>().CreateContext())
        {
            context.PendingHookMessages.Add(new Persistence.Records.PendingHookMessageRecord
            {
                Path = "shipments", Key = "SO-B7", Body = """{"orderId":"SO-B7","status":"shipped","carrier":"PostNL","trackingNumber":"3SB7"}""",
                ReceivedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), ExpiresAt = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds(),
            });
            await context.SaveChangesAsync();
        }

        var delivered = await PostAsync(world, "/hooks/shipments", """{"orderId":"SO-B7","status":"delivered","carrier":"PostNL","trackingNumber":"3SB7"}""");

        Assert.Equal(HttpStatusCode.Accepted, delivered.Status);
        Assert.Equal("buffered", delivered.Body["status"]!.GetValue<string>());
        var order = await world.WaitForOrderAsync("SO-B7", o => o["shipments"]![0]!["status"]!.GetValue<string>() == "delivered", "shipped, then delivered");
        Assert.Single(order["invoices"]!.AsArray());
        await world.WaitForEmailAsync("SO-B7", "delivered");
        Assert.Equal(0, await PendingAsync(world));
    }

    [Fact]
    public async Task ShipmentForAnOrderThatIsNotRunning_Is404()
    {
        await using var world = await OrderWorld.StartAsync(("DC-VENLO", "SKU-TEE-01", 10));

        var unknown = await PostAsync(world, "/hooks/shipments", """{"orderId":"SO-NOPE","status":"shipped","carrier":"PostNL","trackingNumber":"3SNOPE"}""");

        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Contains("SO-NOPE", unknown.Body.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(0, await PendingAsync(world));
    }

    /// <summary>Posts a change and waits (bounded) until its order-change instance handed it on and <paramref name="kept"/> messages wait.</summary>
    private static async Task ChangeAndWaitUntilKeptAsync(OrderWorld world, string change, int kept)
    {
        var response = await PostAsync(world, "/hooks/order-changes", change);
        Assert.Equal(HttpStatusCode.Accepted, response.Status);
        var instance = await world.Server.WaitForStatusAsync(response.Body["instanceId"]!.GetValue<string>(), "Completed");
        Assert.Equal("Completed", instance["status"]!.GetValue<string>());
        Assert.Equal(kept, await PendingAsync(world));
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

    /// <summary>Polls (bounded) until the order's fulfilment instance waits on <paramref name="hook"/>: a buffered message would have been taken by now.</summary>
    private static async Task WaitForListenerAsync(OrderWorld world, string hook, string orderId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            await using (var context = world.Server.Services.GetRequiredService<OmsFlowStorage>().CreateContext())
            {
                if (await context.Bookmarks.AnyAsync(b => b.Kind == "hook" && b.Name == hook && b.CorrelationKey == orderId))
                {
                    return;
                }
            }
            Assert.True(DateTime.UtcNow < deadline, $"Order {orderId} never waited on hook {hook}.");
            await Task.Delay(50);
        }
    }
}
