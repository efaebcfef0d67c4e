using System.Text.Json.Nodes;
using OmsFlow.Cli.Releases;
using OmsFlow.Persistence.Records;
using OmsFlow.Persistence.Storage;

namespace OmsFlow.Cli.Tests.Releases;

/// <summary>
/// <c>omsflow rehearse</c> on the reference promotions table (COLLECT; coupon rows match every order): only orders whose
/// discount changes are reported, with the row behind it and the discount given before and after.
/// </summary>
public sealed class RehearseOutcomeTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "omsflow-cli-tests", Guid.NewGuid().ToString("N"));

    public RehearseOutcomeTests() => Directory.CreateDirectory(_folder);

    private string Database => Path.Combine(_folder, "omsflow.db");

    [Fact]
    public async Task Rehearse_OnTheOrdersRecordedInTheDatabase_ReportsOnlyTheOrderCarryingTheCoupon()
    {
        var candidate = await ReleasePromotionsAndWriteCandidateAsync();
        await using (var storage = await OmsFlowStorage.OpenAsync(new StorageOptions { ConnectionString = $"Data Source={Database}" }))
        await using (var context = storage.CreateContext())
        {
            var placed = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            foreach (var (id, segment, coupons) in new[] { ("SO-A", "regular", "\"SPRING15\""), ("SO-B", "regular", ""), ("SO-C", "vip", "") })
            {
                context.Orders.Add(new OrderRecord
                {
                    Id = id, Status = "Created", PaymentStatus = "None", Currency = "EUR", Channel = "web", Document = Order(id, segment, coupons)["order"]!.ToJsonString(),
                    CreatedAt = placed, UpdatedAt = placed,
                });
            }
            await context.SaveChangesAsync();
        }

        var rehearsal = await CliServer.RunLocalAsync(Database, "rehearse", candidate, "--orders", "last:10", "--json");

        Assert.Equal(ExitCodes.Problems, rehearsal.ExitCode);
        var report = JsonNode.Parse(rehearsal.Output)!;
        Assert.Equal(3, report["cases"]!.GetValue<int>());
        Assert.Equal("SO-A", report["changed"]!.AsArray().Single()!["correlationKey"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rehearse_ChangedCouponRow_ReportsOnlyOrdersCarryingTheCoupon_WithDiscountTotals()
    {
        var candidate = await ReleasePromotionsAndWriteCandidateAsync();
        var inputs = Path.Combine(_folder, "orders.json");
        await File.WriteAllTextAsync(inputs, new JsonArray(Order("A", "regular", "\"SPRING15\""), Order("B", "regular", ""), Order("C", "vip", "")).ToJsonString());

        var text = await CliServer.RunLocalAsync(Database, "rehearse", candidate, "--inputs", inputs);
        var json = await CliServer.RunLocalAsync(Database, "rehearse", candidate, "--inputs", inputs, "--json");

        Assert.Equal(ExitCodes.Problems, text.ExitCode);
        Assert.Contains("on 3 recorded evaluation(s): the outcome of 1 would change", text.Output, StringComparison.Ordinal);
        Assert.Contains("discount: 15.00 -> 20.00", text.Output, StringComparison.Ordinal);
        Assert.Contains("row 'spring15'", text.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("input[1]", text.Output, StringComparison.Ordinal);
        var report = JsonNode.Parse(json.Output)!;
        Assert.Equal("input[0]", report["changed"]!.AsArray().Single()!["case"]!.GetValue<string>());
        var discount = report["measures"]!.AsArray().Single(m => m!["name"]!.GetValue<string>() == "discount")!;
        Assert.Equal(("EUR", 25m, 30m), (discount["unit"]!.GetValue<string>(), discount["before"]!.GetValue<decimal>(), discount["after"]!.GetValue<decimal>()));
        Assert.Equal(("row 'spring15'", 1), (report["causes"]![0]!["cause"]!.GetValue<string>(), report["causes"]![0]!["orders"]!.GetValue<int>()));
        var outcome = report["changed"]![0]!["outcomes"]!.AsArray().Single()!;
        Assert.Equal(("discount", "15.00", "20.00"), (outcome["name"]!.GetValue<string>(), outcome["before"]!.GetValue<string>(), outcome["after"]!.GetValue<string>()));
    }

    /// <summary>Releases the reference promotions table into the database and writes a candidate giving SPRING15 20% instead of 15%.</summary>
    private async Task<string> ReleasePromotionsAndWriteCandidateAsync()
    {
        var tables = Path.Combine(_folder, "active", "tables");
        Directory.CreateDirectory(tables);
        var promotions = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "definitions", "tables", "promotions.yaml"));
        await File.WriteAllTextAsync(Path.Combine(tables, "promotions.yaml"), promotions);
        Assert.Equal(ExitCodes.Ok, (await CliServer.RunLocalAsync(Database, "release", tables, "--note", "reference promotions")).ExitCode);
        var candidate = Path.Combine(_folder, "candidate", "tables", "promotions.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(candidate)!);
        var spring = promotions.Split('\n').Single(l => l.Contains("spring15,", StringComparison.Ordinal));
        await File.WriteAllTextAsync(candidate, promotions.Replace(spring, spring.Replace("percentage,   15,", "percentage,   20,", StringComparison.Ordinal), StringComparison.Ordinal));
        return candidate;
    }

    /// <summary>A table input <c>{order}</c>: two shirts at 50 EUR, with the given coupon codes (JSON strings, comma-separated).</summary>
    private static JsonObject Order(string id, string segment, string coupons) => (JsonObject)JsonNode.Parse($$$"""
        {"order": {"id": "{{{id}}}", "channel": "web", "currency": "EUR", "customer": {"id": "c-{{{id}}}", "segment": "{{{segment}}}"},
         "couponCodes": [{{{coupons}}}], "lines": [{"id": "1", "sku": "SKU-SHIRT-01", "quantity": 2, "unitPrice": 50}]}}
        """)!;

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OmsFlow.sln")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("The tests run inside the OmsFlow repository; OmsFlow.sln was not found above " + AppContext.BaseDirectory);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow filesystem is left for the OS temp cleaner.
        }
    }
}
