using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OmsFlow.Bench.Growth;
using OmsFlow.Persistence.Storage;

// Growth: does OmsFlow stay flat as finished instances pile up? Fills a real SQLite database with finished instances
// (copies of a real one, with their journal) to each size, restarts the in-process server on it, and measures through
// the HTTP API: start-up time, workflow starts+completions/s, hook-resume latency, the instance list by order number,
// status and time range, and the designer's first instance page. Then the memory each suspended instance costs.
// Usage: dotnet run -c Release --project tests/bench/OmsFlow.Bench.Growth -- [sizes=10000,100000] [seconds=5]
//        [concurrency=16] [waiters=300] [suspended=2000] [repeats=30]
var settings = args.Select(a => a.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
var sizes = (settings.GetValueOrDefault("sizes") ?? "10000,100000").Split(',').Select(s => long.Parse(s, CultureInfo.InvariantCulture)).Order().ToArray();
var seconds = int.Parse(settings.GetValueOrDefault("seconds") ?? "5", CultureInfo.InvariantCulture);
var concurrency = int.Parse(settings.GetValueOrDefault("concurrency") ?? "16", CultureInfo.InvariantCulture);
var waiters = int.Parse(settings.GetValueOrDefault("waiters") ?? "300", CultureInfo.InvariantCulture);
var suspended = int.Parse(settings.GetValueOrDefault("suspended") ?? "2000", CultureInfo.InvariantCulture);
var repeats = int.Parse(settings.GetValueOrDefault("repeats") ?? "30", CultureInfo.InvariantCulture);

var folder = Path.Combine(Path.GetTempPath(), "omsflow-bench-growth", Guid.NewGuid().ToString("N"));
GrowthServer.WriteDefinitions(folder);
Console.WriteLine($"OmsFlow growth bench: sizes {string.Join(", ", sizes)}; {Environment.ProcessorCount} cores; database {GrowthServer.DatabasePath(folder)}");
var rows = new List<Row>();
try
{
    Filler filler;
    await using (var first = await GrowthServer.StartAsync(folder))
    {
        // The first start deploys the workflows; one real run gives the row every filled instance copies.
        var run = await first.Client.PostAsJsonAsync("/hooks/growth?wait=true", new { orderId = "TEMPLATE", total = 150 });
        var id = (await run.Content.ReadFromJsonAsync<JsonObject>())!["instanceId"]!.GetValue<string>();
        await using var context = first.Services.GetRequiredService<OmsFlowStorage>().CreateContext();
        var template = await context.Instances.AsNoTracking().SingleAsync(i => i.Id == id);
        var journal = await context.Journal.AsNoTracking().Where(j => j.InstanceId == id).OrderBy(j => j.Seq).ToListAsync();
        filler = new Filler(template, journal);
        Console.WriteLine($"template instance: {template.State.Length + (template.Input?.Length ?? 0) + (template.Outputs?.Length ?? 0)} bytes of state/input/outputs, {journal.Count} journal entries");
    }

    long filled = 0;
    var now = DateTimeOffset.UtcNow;
    foreach (var size in sizes)
    {
        var fill = Stopwatch.StartNew();
        filler.Fill(GrowthServer.DatabasePath(folder), filled, size, now);
        filled = size;
        var fillSeconds = fill.Elapsed.TotalSeconds;
        Console.WriteLine($"{size:N0} finished instances in the database (filled in {fillSeconds:F1} s); measuring ...");

        // Start-up is the median of three starts (the machine's noise is large next to it); the last one is measured on.
        var startups = new List<(double Ms, string Breakdown)>();
        for (var i = 0; i < 2; i++)
        {
            await using var probe = await GrowthServer.StartAsync(folder);
            startups.Add((probe.Startup.TotalMilliseconds, probe.Breakdown));
        }
        await using var server = await GrowthServer.StartAsync(folder);
        startups.Add((server.Startup.TotalMilliseconds, server.Breakdown));
        var startup = startups.OrderBy(s => s.Ms).ElementAt(1);
        Console.WriteLine($"  start-up {startup.Ms:F0} ms: {startup.Breakdown}");
        var client = server.Client;
        // A short warm-up first: the first size must not pay the JIT's tiering that later sizes get for free.
        await Probes.StartsPerSecondAsync(client, $"U{size}", TimeSpan.FromSeconds(1), concurrency);
        var startsPerSecond = await Probes.StartsPerSecondAsync(client, $"T{size}", TimeSpan.FromSeconds(seconds), concurrency);
        var keys = await Probes.StartWaitersAsync(client, $"W{size}", waiters, concurrency);
        var resume = await Probes.ResumeLatenciesAsync(client, keys);
        var random = new Random(42);
        var byKey = await Probes.MedianGetAsync(client, _ => $"/api/instances?correlationKey={Filler.OrderKey(random.NextInt64(size))}", repeats);
        var byStatus = await Probes.MedianGetAsync(client, _ => "/api/instances?status=Cancelled&pageSize=50", repeats);
        var dayAgo = now - TimeSpan.FromDays(45);
        var byTime = await Probes.MedianGetAsync(client, _ => $"/api/instances?from={Probes.Iso(dayAgo)}&to={Probes.Iso(dayAgo.AddDays(1))}&pageSize=50", repeats);
        var listPage = await Probes.MedianGetAsync(client, _ => "/api/instances?page=1&pageSize=50", repeats);
        rows.Add(new Row(size, fillSeconds, startup.Ms, startsPerSecond,
            Probes.Percentile(resume, 0.50), Probes.Percentile(resume, 0.99), byKey, byStatus, byTime, listPage));

        if (size == sizes[^1])
        {
            await MeasureSuspendedMemoryAsync(client, suspended, concurrency);
        }
    }
    PrintTable(rows);
}
finally
{
    try
    {
        Directory.Delete(folder, recursive: true);
    }
    catch (IOException)
    {
        // Left for the OS temp cleaner.
    }
}

static async Task MeasureSuspendedMemoryAsync(HttpClient client, int count, int concurrency)
{
    // Warm up the waiter path first so code, caches and pools are not counted as per-instance cost.
    await Probes.StartWaitersAsync(client, "MW", 200, concurrency);
    var (heapBefore, setBefore) = Settle();
    await Probes.StartWaitersAsync(client, "M", count, concurrency);
    var (heapAfter, setAfter) = Settle();
    Console.WriteLine();
    Console.WriteLine($"memory per suspended instance ({count:N0} instances waiting on a hook, after full GC): " +
        $"managed heap {(heapAfter - heapBefore) / (double)count:F0} B, working set {(setAfter - setBefore) / (double)count:F0} B " +
        $"(heap {heapBefore / 1048576.0:F1} -> {heapAfter / 1048576.0:F1} MB, working set {setBefore / 1048576.0:F1} -> {setAfter / 1048576.0:F1} MB)");

    static (long Heap, long WorkingSet) Settle()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        using var process = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: true), process.WorkingSet64);
    }
}

static void PrintTable(List<Row> rows)
{
    Console.WriteLine();
    Console.WriteLine("| finished instances | fill s | start-up ms | starts+completions/s | hook resume p50 ms | p99 ms | list by order no. ms | by status ms | by time range ms | designer list page ms |");
    Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    var first = rows[0];
    foreach (var r in rows)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {r.Size:N0} | {r.FillSeconds:F1} | {Cell(r.StartupMs, first.StartupMs, "F0")} | {Cell(r.StartsPerSecond, first.StartsPerSecond, "F0")} | " +
            $"{Cell(r.ResumeP50, first.ResumeP50, "F2")} | {Cell(r.ResumeP99, first.ResumeP99, "F2")} | {Cell(r.ByKey, first.ByKey, "F2")} | " +
            $"{Cell(r.ByStatus, first.ByStatus, "F2")} | {Cell(r.ByTime, first.ByTime, "F2")} | {Cell(r.ListPage, first.ListPage, "F2")} |"));
    }
    Console.WriteLine("(x: ratio to the first row; flat is x1.0; for starts/s higher is better, for times lower is better)");

    static string Cell(double value, double baseline, string format)
        => value.ToString(format, CultureInfo.InvariantCulture) + " (x" + (baseline == 0 ? "-" : (value / baseline).ToString("F2", CultureInfo.InvariantCulture)) + ")";
}

internal sealed record Row(long Size, double FillSeconds, double StartupMs, double StartsPerSecond, double ResumeP50, double ResumeP99,
    double ByKey, double ByStatus, double ByTime, double ListPage);
