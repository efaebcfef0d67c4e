using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using OmsFlow.Bench.Orders;
using OmsFlow.Orders.Storage;
using OmsFlow.Persistence.Storage;
using OmsFlow.Server;
using OmsFlow.Workflows.Runtime;

// Orders benchmark: the reference order-fulfilment flow end to end, in process on SQLite: intake (the engine start the
// /hooks/orders hook makes, run inline to the first wait), validate, price, risk, approval policy, source and reserve, confirmation email, release,
// label, shipped (hook resume), invoice PDF, shipped email, delivered (hook resume), delivered email, review request,
// close. Prints orders/s, commits per order and SQLite's raw durable commit rate measured in the same run.
// Usage: dotnet run -c Release --project tests/bench/OmsFlow.Bench.Orders [-- orders=1000 concurrency=64 synchronous=FULL|NORMAL]
var settings = args.Select(a => a.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
// Real server processes (SQLite or PostgreSQL, 1..N processes): [-- provider=postgres processes=3 | table=1] orders=300 concurrency=32
if (settings.ContainsKey("provider") || settings.ContainsKey("processes") || settings.ContainsKey("table"))
{
    await OmsFlow.Bench.Orders.Processes.ProcessBench.RunAsync(settings);
    return;
}
var orders = int.Parse(settings.GetValueOrDefault("orders", "1000"), CultureInfo.InvariantCulture);
var concurrency = int.Parse(settings.GetValueOrDefault("concurrency", "64"), CultureInfo.InvariantCulture);
var synchronous = settings.GetValueOrDefault("synchronous", "FULL");
var folder = Path.Combine(Path.GetTempPath(), "omsflow-bench-orders-" + Guid.NewGuid().ToString("N")[..8]);

var rawCommits = Bench.RawCommitRate(Path.Combine(Directory.CreateDirectory(folder).FullName, "raw.db"), seconds: 3);
Bench.CopyDefinitions(Path.Combine(folder, "definitions"));
var app = await OmsFlowServer.BuildAsync(
[
    "--urls", "http://127.0.0.1:0",
    $"--Storage:ConnectionString=Data Source={Path.Combine(folder, "omsflow.db")}",
    $"--Storage:SqliteSynchronous={synchronous}",
    $"--Definitions:Path={Path.Combine(folder, "definitions")}",
    "--Engine:TimerPollInterval=00:00:00.020",
    "--Logging:LogLevel:Default=Warning",
    // The bench seeds its own catalogue (Bench.SeedAsync); the generated seed data would collide with it.
    "--Seed:Enabled=false",
]);
await app.StartAsync();
var storage = app.Services.GetRequiredService<OmsFlowStorage>();
var engine = app.Services.GetRequiredService<WorkflowEngine>();
await Bench.SeedAsync(storage, unitsPerSku: 10 * (orders + 100));
app.Services.GetRequiredService<OrderStore>().ForgetReferenceData();

var warmUp = new OrderRun(engine, "W");
await warmUp.RunAsync(50, 16);
await Bench.WaitCompletedAsync(storage, 50, TimeSpan.FromMinutes(2));

var transactionsBefore = storage.Writer.Transactions;
var unitsBefore = storage.Writer.Units;
var run = new OrderRun(engine, "B");
var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
var allocatedBefore = GC.GetTotalAllocatedBytes();
var pausedBefore = GC.GetTotalPauseDuration();
var collectionsBefore = GC.CollectionCount(0);
var watch = Stopwatch.StartNew();
await run.RunAsync(orders, concurrency);
var delivered = watch.Elapsed;
var completed = await Bench.WaitCompletedAsync(storage, 50 + orders, TimeSpan.FromMinutes(10)) - 50;
var closed = watch.Elapsed;
var cpuPerOrder = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / orders;
var allocatedPerOrder = (GC.GetTotalAllocatedBytes() - allocatedBefore) / (double)orders;
var pausedPerOrder = (GC.GetTotalPauseDuration() - pausedBefore).TotalMilliseconds / orders;
var collections = GC.CollectionCount(0) - collectionsBefore;
var transactions = storage.Writer.Transactions - transactionsBefore;
var units = storage.Writer.Units - unitsBefore;
var outputs = await Bench.CountOutputsAsync(storage, "SO-B");

Console.WriteLine();
Console.WriteLine($"OmsFlow orders benchmark ({Environment.ProcessorCount} cores, {orders} orders, {concurrency} concurrent, SQLite synchronous={synchronous}, reference definitions)");
Console.WriteLine("| measure | value |");
Console.WriteLine("|---|---|");
Console.WriteLine($"| SQLite raw durable commits/s (1 row, synchronous=FULL, WAL) | {rawCommits:N0} |");
Console.WriteLine($"| orders/s, intake -> delivered (last delivery resumed) | {orders / delivered.TotalSeconds:N1} |");
Console.WriteLine($"| orders/s, intake -> closed (review request sent, instance completed) | {completed / closed.TotalSeconds:N1} |");
Console.WriteLine($"| CPU time per order (all threads) | {cpuPerOrder:0.0} ms |");
Console.WriteLine($"| orders/s the CPU time allows on {Environment.ProcessorCount} idle cores | {Environment.ProcessorCount * 1000 / cpuPerOrder:N0} |");
Console.WriteLine($"| managed allocation per order | {allocatedPerOrder / 1024 / 1024:0.00} MB |");
Console.WriteLine($"| GC pause per order ({collections:N0} collections, {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC) | {pausedPerOrder:0.00} ms |");
Console.WriteLine($"| machine load average (1 min) at the end | {Bench.LoadAverage()} |");
Console.WriteLine($"| commit transactions per order | {(double)transactions / orders:0.0} |");
Console.WriteLine($"| commit units per order (group commit batches them) | {(double)units / orders:0.0} |");
Console.WriteLine($"| units per transaction | {(transactions == 0 ? 0 : (double)units / transactions):0.0} |");
Console.WriteLine($"| mean latency: intake (start, runs to the carrier wait) | {run.Intake.Mean:0.0} ms |");
Console.WriteLine($"| mean latency: shipped (resume: record, email, invoice PDF) | {run.Shipped.Mean:0.0} ms |");
Console.WriteLine($"| mean latency: delivered (resume: record, email) | {run.Delivered.Mean:0.0} ms |");
Console.WriteLine($"| resumes retried (order not yet waiting) | {run.Retries} |");
Console.WriteLine($"| emails queued / documents issued / invoices | {outputs.Emails} / {outputs.Documents} / {outputs.Invoices} |");
Console.WriteLine($"| orders completed / failed | {completed} / {run.Failures} |");
Console.WriteLine();
Console.WriteLine("Where an order's wall time goes (journal gaps charged to the step that ends them; waits excluded)");
Console.WriteLine("| activity | total ms | mean ms |");
Console.WriteLine("|---|---|---|");
foreach (var (activity, total, mean) in (await Bench.ProfileStepsAsync(storage, "SO-B")).Take(10))
{
    Console.WriteLine($"| {activity} | {total:N0} | {mean:0.0} |");
}
if (run.FirstFailure is not null)
{
    Console.WriteLine("first failure: " + run.FirstFailure);
}

await app.StopAsync();
await app.DisposeAsync();
SqliteConnection.ClearAllPools();
Directory.Delete(folder, recursive: true);
