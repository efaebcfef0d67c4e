using System.Net;
using System.Text.Json.Nodes;
using OmsFlow.Server.Tests.Infrastructure;

namespace OmsFlow.Server.Tests.Orders;

/// <summary>Rehearsing a promotions change on the orders the server has taken in, before releasing it.</summary>
public sealed class OrderRehearsalTests
{
    [Fact]
    public async Task RehearsePromotions_OnRecordedOrders_ShowsWhichOrdersWouldGetTheNewDiscount()
    {
        await using var world = await OrderWorld.StartAsync(("DC-VENLO", "SKU-TEE-01", 10));
        await world.PlaceAsync(OrderWorld.Order("SO-R1", ("SKU-TEE-01", 1)));
        await world.PlaceAsync(OrderWorld.Order("SO-R2", ("SKU-TEE-01", 1)));
        await world.WaitForOrderAsync("SO-R1", o => o["shipments"]?.AsArray().Count == 1, "released");
        await world.WaitForOrderAsync("SO-R2", o => o["shipments"]?.AsArray().Count == 1, "released");

        // The candidate gives every consumer 10% (the active table gives it to VIPs only).
        var table = await File.ReadAllTextAsync(Path.Combine(world.Server.Folder, "definitions", "tables", "promotions.yaml"));
        var candidate = table.Replace("'\"vip\"',      '-',      vip-10", "'\"consumer\"', '-',      vip-10", StringComparison.Ordinal);
        Assert.NotEqual(table, candidate);
        var body = new JsonObject
        {
            ["files"] = new JsonArray(new JsonObject { ["path"] = "tables/promotions.yaml", ["content"] = candidate }),
            ["orders"] = "last:10",
        };

        var response = await world.Server.PostJsonAsync("/api/releases/rehearse", body.ToJsonString());

        var report = await ServerHarness.ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, report.ToJsonString());
        Assert.Equal(2, report["cases"]!.GetValue<int>());
        var changed = report["changed"]!.AsArray().Select(c => c!["correlationKey"]!.GetValue<string>()).Order().ToList();
        Assert.Equal(["SO-R1", "SO-R2"], changed);
        Assert.Contains("vip-10", report["changed"]![0]!["changes"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
