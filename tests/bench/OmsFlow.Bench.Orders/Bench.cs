using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using OmsFlow.Persistence.Records;
using OmsFlow.Persistence.Storage;

namespace OmsFlow.Bench.Orders;

/// <summary>Set-up and measurements around the run: definitions, catalogue, the raw SQLite rate, completion.</summary>
internal static class Bench
{
    private static readonly string[] Skus = ["SKU-TEE-01", "SKU-MUG-01", "SKU-SOCK-01"];

    /// <summary>Copies the repository's definitions/ with the review request due at once instead of 7 days after delivery.</summary>
    public static void CopyDefinitions(string target)
    {
        var source = Path.Combine(RepositoryRoot(), "definitions");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            var destination = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            var text = File.ReadAllText(file);
            File.WriteAllText(destination, relative.Replace('\\', '/') == "workflows/order-fulfilment.yaml" ? text.Replace("default: 7d", "default: 0s", StringComparison.Ordinal) : text);
        }
    }

    public static async Task SeedAsync(OmsFlowStorage storage, int unitsPerSku)
    {
        await using var context = storage.CreateContext();
        context.Nodes.Add(new NodeRecord
        {
            Id = "DC-VENLO", Kind = "dc", Name = "Northwind DC Venlo", Country = "NL", Latitude = 51.37, Longitude = 6.17, CapacityPerDay = 10_000_000,
            Document = new JsonObject
            {
                ["cutoff"] = "23:59", ["timeZone"] = "Europe/Amsterdam", ["costPerShipment"] = 4.0, ["costPerUnit"] = 0.2, ["costPerKm"] = 0.001,
                ["address"] = new JsonObject { ["line1"] = "Columbusweg 12", ["city"] = "Venlo", ["postalCode"] = "5928 LC", ["country"] = "NL" },
            }.ToJsonString(),
        });
        var prices = new[] { 25.00m, 12.00m, 8.00m };
        for (var i = 0; i < Skus.Length; i++)
        {
            context.Products.Add(new ProductRecord
            {
                Sku = Skus[i], Gtin = "87123450000" + i, Name = Skus[i], TaxCategory = "standard", WeightGrams = 200, Active = true,
                Document = new JsonObject { ["prices"] = new JsonObject { ["EUR"] = prices[i] }, ["packMultiple"] = 1 }.ToJsonString(),
            });
            context.Inventory.Add(new InventoryRecord { NodeId = "DC-VENLO", Sku = Skus[i], OnHand = unitsPerSku });
        }
        context.Customers.Add(new CustomerRecord
        {
            Id = "C-1", Name = "Anna de Vries", Email = "anna@example.com", Segment = "consumer", DemandClass = "B", Currency = "EUR", Country = "NL", Document = "{}",
        });
        await context.SaveChangesAsync();
    }

    /// <summary>A web order from Utrecht: two T-shirts and a mug (62.00 EUR, free shipping, no approval, no gift).</summary>
    public static JsonObject Order(string id) => new()
    {
        ["id"] = id,
        ["channel"] = "web",
        ["currency"] = "EUR",
        ["customer"] = new JsonObject { ["id"] = "C-1", ["email"] = "anna@example.com", ["name"] = "Anna de Vries" },
        ["shipTo"] = new JsonObject
        {
            ["name"] = "Anna de Vries", ["line1"] = "Oudegracht 231", ["city"] = "Utrecht", ["postalCode"] = "3511 NK", ["country"] = "NL",
            ["latitude"] = 52.09, ["longitude"] = 5.12,
        },
        ["lines"] = new JsonArray(
            new JsonObject { ["id"] = "1", ["sku"] = "SKU-TEE-01", ["quantity"] = 2 },
            new JsonObject { ["id"] = "2", ["sku"] = "SKU-MUG-01", ["quantity"] = 1 }),
        ["payment"] = new JsonObject { ["method"] = "card", ["authorizationId"] = "AUTH-" + id, ["riskScore"] = 5 },
    };

    /// <summary>Waits (bounded) until <paramref name="count"/> instances have completed; returns how many did.</summary>
    public static async Task<int> WaitCompletedAsync(OmsFlowStorage storage, int count, TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            await using var context = storage.CreateContext();
            var done = await context.Instances.AsNoTracking().CountAsync(i => i.Status == "Completed");
            var faulted = await context.Incidents.AsNoTracking().Where(i => i.ResolvedAt == null).Select(i => i.Step + ": " + i.Error).FirstOrDefaultAsync();
            if (faulted is not null)
            {
                throw new InvalidOperationException("An order ran into an incident: " + faulted);
            }
            if (done >= count || watch.Elapsed > limit)
            {
                return done;
            }
            await Task.Delay(10);
        }
    }

    public static async Task<(int Emails, int Documents, int Invoices)> CountOutputsAsync(OmsFlowStorage storage, string orderPrefix)
    {
        await using var context = storage.CreateContext();
        var emails = await context.Outbox.AsNoTracking().CountAsync(m => m.Channel == "email" && m.CorrelationKey!.StartsWith(orderPrefix));
        var documents = await context.Documents.AsNoTracking().CountAsync(d => d.CorrelationKey!.StartsWith(orderPrefix));
        var invoices = await context.Invoices.AsNoTracking().CountAsync(i => i.OrderId.StartsWith(orderPrefix));
        return (emails, documents, invoices);
    }

    /// <summary>
    /// Where the wall time of an order goes, from the journal: the gap before each journal entry of an instance is
    /// charged to that entry's activity (waits for hooks and timers excluded). Returns the activities by total time.
    /// </summary>
    public static async Task<List<(string Activity, double TotalMs, double MeanMs)>> ProfileStepsAsync(OmsFlowStorage storage, string orderPrefix)
    {
        await using var context = storage.CreateContext();
        var instances = await context.Instances.AsNoTracking().Where(i => i.CorrelationKey!.StartsWith(orderPrefix)).Select(i => i.Id).ToListAsync();
        var entries = await context.Journal.AsNoTracking().Where(j => instances.Contains(j.InstanceId))
            .Select(j => new { j.InstanceId, j.Seq, j.Timestamp, j.Kind, j.Activity }).ToListAsync();
        var charged = new Dictionary<string, (double Total, int Count)>(StringComparer.Ordinal);
        foreach (var instance in entries.GroupBy(e => e.InstanceId))
        {
            var ordered = instance.OrderBy(e => e.Seq).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                var activity = ordered[i].Activity ?? ordered[i].Kind;
                if (activity is "WaitForHook" or "Delay" or "WaitForSignal" || ordered[i - 1].Activity is "WaitForHook" or "Delay")
                {
                    continue;
                }
                var (total, count) = charged.GetValueOrDefault(activity);
                charged[activity] = (total + ordered[i].Timestamp - ordered[i - 1].Timestamp, count + 1);
            }
        }
        return [.. charged.Select(c => (c.Key, c.Value.Total, c.Value.Total / c.Value.Count)).OrderByDescending(c => c.Item2)];
    }

    /// <summary>Single-row durable commits per second on a bare SQLite file (WAL, synchronous=FULL): the disk's ceiling.</summary>
    public static double RawCommitRate(string path, double seconds)
    {
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using (var setup = connection.CreateCommand())
        {
            setup.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT);";
            setup.ExecuteNonQuery();
        }
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO t (payload) VALUES ($p)";
        insert.Parameters.Add("$p", SqliteType.Text).Value = new string('x', 400);
        var watch = Stopwatch.StartNew();
        var commits = 0;
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            using var transaction = connection.BeginTransaction();
            insert.Transaction = transaction;
            insert.ExecuteNonQuery();
            transaction.Commit();
            commits++;
        }
        connection.Close();
        return commits / watch.Elapsed.TotalSeconds;
    }

    /// <summary>The 1-minute load average on Linux (other processes compete for the cores), or "n/a".</summary>
    public static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OmsFlow.sln")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("The repository root (OmsFlow.sln) was not found above " + AppContext.BaseDirectory);
    }
}
