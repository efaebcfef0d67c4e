using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OmsFlow.Persistence.Storage;

namespace OmsFlow.Server.Tests.Orders;

/// <summary>The replenishment flow and jeopardy alerts through HTTP, on the reference definitions.</summary>
public sealed class ReplenishmentScenarioTests
{
    [Fact]
    public async Task ReplenishmentCheck_RaisesOneRequestAndAlertPerLowRow_AndNoneWhileARequestIsOpen()
    {
        await using var world = await OrderWorld.StartAsync(("DC-VENLO", "SKU-TEE-01", 10), ("DC-VENLO", "SKU-MUG-01", 10), ("DC-DALLAS", "SKU-TEE-01", 3));
        await SetReorderPointsAsync(world, ("DC-VENLO", "SKU-TEE-01", 8), ("DC-VENLO", "SKU-MUG-01", 2), ("DC-DALLAS", "SKU-TEE-01", 5));
        await world.PlaceAsync(OrderWorld.Order("SO-R1", ("SKU-TEE-01", 3)));
        await world.WaitForOrderAsync("SO-R1", o => o["reservations"]!.AsArray().Count == 1, "a reservation");

        await RunCheckAsync(world);

        var requests = (await world.Server.GetJsonAsync("/api/purchase-requests?status=open"))["items"]!.AsArray()
            .Select(r => (Node: r!["nodeId"]!.GetValue<string>(), Sku: r["sku"]!.GetValue<string>(), Quantity: r["quantity"]!.GetValue<int>()))
            .OrderBy(r => r.Node, StringComparer.Ordinal).ToList();
        // Venlo: 10 on hand - 3 reserved = 7 <= 8 -> 3 x 8 - 7; Dallas: 3 <= 5 -> 3 x 5 - 3; the mugs (10 > 2) need nothing.
        Assert.Equal([("DC-DALLAS", "SKU-TEE-01", 12), ("DC-VENLO", "SKU-TEE-01", 17)], requests);
        var alerts = (await world.Server.GetJsonAsync("/api/alerts?kind=reorder"))["items"]!.AsArray();
        Assert.Equal(2, alerts.Count);
        Assert.All(alerts, a => Assert.Equal(60, a!["priority"]!.GetValue<int>()));
        Assert.Contains(alerts, a => a!["message"]!.GetValue<string>().StartsWith("SKU-TEE-01 at DC-VENLO: 7 available", StringComparison.Ordinal));

        await RunCheckAsync(world);

        Assert.Equal(2, (await world.Server.GetJsonAsync("/api/purchase-requests"))["items"]!.AsArray().Count);
        Assert.Equal(2, (await world.Server.GetJsonAsync("/api/alerts?kind=reorder"))["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task TwoReorderChecksAtOnce_RaiseOneOpenRequestAndOneAlertPerLowRow()
    {
        await using var world = await OrderWorld.StartAsync(("DC-VENLO", "SKU-TEE-01", 4), ("DC-DALLAS", "SKU-MUG-01", 1));
        await SetReorderPointsAsync(world, ("DC-VENLO", "SKU-TEE-01", 8), ("DC-DALLAS", "SKU-MUG-01", 5));

        await Task.WhenAll(RunCheckAsync(world), RunCheckAsync(world));

        var requests = (await world.Server.GetJsonAsync("/api/purchase-requests?status=open"))["items"]!.AsArray()
            .Select(r => (r!["nodeId"]!.GetValue<string>(), r["sku"]!.GetValue<string>())).Order().ToList();
        Assert.Equal([("DC-DALLAS", "SKU-MUG-01"), ("DC-VENLO", "SKU-TEE-01")], requests);
        Assert.Equal(2, (await world.Server.GetJsonAsync("/api/alerts?kind=reorder"))["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task OrderWithNoCarrierNews_RaisesAJeopardyAlert_WithThePriorityOfItsNode_ThatOpsCanAcknowledge()
    {
        await using var world = await OrderWorld.StartAsync(
            (file, text) => file == "workflows/order-fulfilment.yaml" ? text.Replace("timeout: 3d", "timeout: 1s", StringComparison.Ordinal) : text,
            ("DC-VENLO", "SKU-TEE-01", 10));
        await world.PlaceAsync(OrderWorld.Order("SO-J1", ("SKU-TEE-01", 1)));

        var alert = await FirstAlertAsync(world, "SO-J1");
        Assert.Equal("jeopardy", alert["kind"]!.GetValue<string>());
        Assert.Equal(85, alert["priority"]!.GetValue<int>()); // jeopardy-thresholds: wait-carrier at DC-VENLO
        Assert.Equal("wait-carrier", alert["step"]!.GetValue<string>());
        Assert.Equal("Order SO-J1 has had no carrier update for 3 days (Released)", alert["message"]!.GetValue<string>());

        var id = alert["id"]!.GetValue<string>();
        var acknowledged = await world.Server.PostJsonAsync($"/api/alerts/{Uri.EscapeDataString(id)}/acknowledge", "{}");
        Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
        var open = (await world.Server.GetJsonAsync("/api/alerts?orderId=SO-J1"))["items"]!.AsArray();
        Assert.DoesNotContain(open, a => a!["id"]!.GetValue<string>() == id);
        var all = (await world.Server.GetJsonAsync("/api/alerts?orderId=SO-J1&all=true"))["items"]!.AsArray();
        Assert.NotNull(all.Single(a => a!["id"]!.GetValue<string>() == id)!["acknowledgedAt"]);

        Assert.Equal(HttpStatusCode.NotFound, (await world.Server.PostJsonAsync("/api/alerts/no-such-alert/acknowledge", "{}")).StatusCode);
    }

    private static async Task SetReorderPointsAsync(OrderWorld world, params (string Node, string Sku, int ReorderPoint)[] points)
    {
        await using var context = world.Server.Services.GetRequiredService<OmsFlowStorage>().CreateContext();
        foreach (var (node, sku, point) in points)
        {
            var row = await context.Inventory.SingleAsync(i => i.NodeId == node && i.Sku == sku);
            row.ReorderPoint = point;
        }
        await context.SaveChangesAsync();
    }

    private static async Task RunCheckAsync(OrderWorld world)
    {
        var response = await world.Server.PostJsonAsync("/api/events/replenishment.check", "{}");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body.ToJsonString());
        var instanceId = body["started"]!.AsArray().Single()!["instanceId"]!.GetValue<string>();
        var instance = await world.Server.WaitForStatusAsync(instanceId, "Completed", "Faulted");
        Assert.True(instance["status"]!.GetValue<string>() == "Completed", instance.ToJsonString());
    }

    private static async Task<JsonObject> FirstAlertAsync(OrderWorld world, string orderId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var items = (await world.Server.GetJsonAsync($"/api/alerts?kind=jeopardy&orderId={orderId}"))["items"]!.AsArray();
            if (items.Count > 0)
            {
                return items[0]!.AsObject();
            }
            await Task.Delay(50);
        }
        throw new Xunit.Sdk.XunitException($"No jeopardy alert for {orderId} within 30 s.");
    }
}
