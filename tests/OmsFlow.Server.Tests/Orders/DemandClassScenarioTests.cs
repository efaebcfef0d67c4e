using System.Text.Json.Nodes;

namespace OmsFlow.Server.Tests.Orders;

/// <summary>Allocation by demand class through the reference flow: stock the allocation-protection table keeps for higher classes.</summary>
public sealed class DemandClassScenarioTests
{
    /// <summary>Class B (Anna, C-1) leaves 4 units of every SKU at every node to class A (Bram, C-2).</summary>
    private static string ProtectFourForClassA(string file, string text)
        => file == "tables/allocation-protection.yaml"
            ? text.Replace("rules:\n", "rules:\n  - ['\"B\"', '*', 4, 0]\n", StringComparison.Ordinal)
            : text;

    [Fact]
    public async Task WithFourOfTenProtected_AStandardOrderOfEightSplitsAndBackorders_APremiumOrderOfEightIsFilled()
    {
        Assert.NotEqual(File.ReadAllText(ReferenceTable()), ProtectFourForClassA("tables/allocation-protection.yaml", File.ReadAllText(ReferenceTable())));
        await using var world = await OrderWorld.StartAsync(ProtectFourForClassA, ("DC-VENLO", "SKU-TEE-01", 10), ("DC-VENLO", "SKU-MUG-01", 10));

        await world.PlaceAsync(OrderWorld.Order("SO-D1", ("SKU-TEE-01", 8)));
        await world.PlaceAsync(OrderWorld.Adjust(OrderWorld.Order("SO-D2", ("SKU-MUG-01", 8)), o => o["customer"] = new JsonObject { ["id"] = "C-2", ["email"] = "bram@example.com", ["name"] = "Bram Jansen" }));

        var standard = await world.WaitForOrderAsync("SO-D1", o => o["shipments"]?.AsArray().Count == 1, "the standard order's shipment request");
        Assert.Equal([("Released", 6), ("Backordered", 2)], Lines(standard, "SKU-TEE-01").Select(l => (l!["status"]!.GetValue<string>(), l["quantity"]!.GetValue<int>())));
        Assert.Equal(6, (await world.StockAsync("DC-VENLO", "SKU-TEE-01")).Reserved);

        var premium = await world.WaitForOrderAsync("SO-D2", o => o["shipments"]?.AsArray().Count == 1, "the premium order's shipment request");
        var line = Assert.Single(Lines(premium, "SKU-MUG-01"));
        Assert.Equal(("Released", 8), (line["status"]!.GetValue<string>(), line["quantity"]!.GetValue<int>()));
        Assert.Equal(8, (await world.StockAsync("DC-VENLO", "SKU-MUG-01")).Reserved);

        // Rehearsing the reference table (nothing held back from class B) on these orders shows the class B order changes.
        var body = new JsonObject
        {
            ["files"] = new JsonArray(new JsonObject { ["path"] = "tables/allocation-protection.yaml", ["content"] = File.ReadAllText(ReferenceTable()) }),
            ["orders"] = "last:10",
        };
        var response = await world.Server.PostJsonAsync("/api/releases/rehearse", body.ToJsonString());
        var report = await Infrastructure.ServerHarness.ReadAsync(response);
        Assert.True(response.IsSuccessStatusCode, report.ToJsonString());
        Assert.Equal(["SO-D1"], report["changed"]!.AsArray().Select(c => c!["correlationKey"]!.GetValue<string>()));
    }

    /// <summary>The order's lines of <paramref name="sku"/> (a promotion may add a gift line beside them).</summary>
    private static List<JsonNode> Lines(JsonObject order, string sku)
        => [.. order["lines"]!.AsArray().Select(l => l!).Where(l => l["sku"]!.GetValue<string>() == sku)];

    private static string ReferenceTable()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "definitions", "tables", "allocation-protection.yaml");
            if (File.Exists(path))
            {
                return path;
            }
        }
        throw new InvalidOperationException("definitions/tables/allocation-protection.yaml not found above " + AppContext.BaseDirectory);
    }
}
