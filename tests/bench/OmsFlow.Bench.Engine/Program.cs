using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using OmsFlow.Persistence.Storage;
using OmsFlow.Workflows.Activities;
using OmsFlow.Workflows.Expressions;
using OmsFlow.Workflows.Runtime;
using OmsFlow.Workflows.Versions;

// Engine benchmark: a 10-step workflow with two suspension points, run in memory and durably on SQLite,
// beside SQLite's raw durable commit rate measured in the same run on the same disk.
// Usage: dotnet run -c Release --project tests/bench/OmsFlow.Bench.Engine [-- seconds=5 concurrency=64 synchronous=FULL|NORMAL]
var settings = args.Select(a => a.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
var seconds = double.Parse(settings.GetValueOrDefault("seconds", "5"), CultureInfo.InvariantCulture);
var concurrency = int.Parse(settings.GetValueOrDefault("concurrency", "64"), CultureInfo.InvariantCulture);
var synchronous = settings.GetValueOrDefault("synchronous", "FULL");
var folder = Path.Combine(Path.GetTempPath(), "omsflow-bench-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(folder);

const string Workflow = """
    id: bench
    inputs:
      amount: { type: decimal, default: 10 }
    variables:
      a: decimal
      b: decimal
      c: decimal
    outputs:
      total: =a + b + c
    steps:
      s1: { activity: SetVariable, inputs: { name: a, value: =amount * 2 }, next: s2 }
      s2: { activity: SetVariable, inputs: { name: b, value: =a + 1 }, next: s3 }
      s3: { activity: If, inputs: { condition: =b > 5 }, next: s4 }
      s4: { activity: WaitForSignal, inputs: { signal: first }, next: s5 }
      s5: { activity: SetVariable, inputs: { name: c, value: =b * 3 }, next: s6 }
      s6: { activity: If, inputs: { condition: =c > a }, next: s7 }
      s7: { activity: WaitForSignal, inputs: { signal: second }, next: s8 }
      s8: { activity: SetVariable, inputs: { name: a, value: =a + 1 }, next: s9 }
      s9: { activity: SetVariable, inputs: { name: b, value: =b + 1 }, next: s10 }
      s10: { activity: If, inputs: { condition: =a < b } }
    """;
const string InMemoryWorkflow = """
    id: bench-memory
    inputs:
      amount: { type: decimal, default: 10 }
    variables:
      a: decimal
      b: decimal
      c: decimal
    steps:
      s1: { activity: SetVariable, inputs: { name: a, value: =amount * 2 }, next: s2 }
      s2: { activity: SetVariable, inputs: { name: b, value: =a + 1 }, next: s3 }
      s3: { activity: If, inputs: { condition: =b > 5 }, next: s4 }
      s4: { activity: SetVariable, inputs: { name: c, value: =b * 3 }, next: s5 }
      s5: { activity: SetVariable, inputs: { name: c, value: =b * 3 }, next: s6 }
      s6: { activity: If, inputs: { condition: =c > a }, next: s7 }
      s7: { activity: SetVariable, inputs: { name: c, value: =c + 1 }, next: s8 }
      s8: { activity: SetVariable, inputs: { name: a, value: =a + 1 }, next: s9 }
      s9: { activity: SetVariable, inputs: { name: b, value: =b + 1 }, next: s10 }
      s10: { activity: If, inputs: { condition: =a < b } }
    """;

var rawSingle = RawCommitRate(Path.Combine(folder, "raw.db"), seconds, rowsPerCommit: 1);
var storage = await OmsFlowStorage.OpenAsync(new StorageOptions { ConnectionString = $"Data Source={Path.Combine(folder, "engine.db")}", SqliteSynchronous = synchronous });
var activities = BuiltInActivities.CreateRegistry();
var expressions = new ExpressionLanguageEvaluator();
var catalog = new DefinitionCatalog(storage, WorkflowDocuments.ReadStored, TimeProvider.System);
var versions = new WorkflowVersions(storage, catalog, activities, expressions, TimeProvider.System);
var engine = new WorkflowEngine(storage, catalog, activities, expressions, TimeProvider.System, new NoServices(), new EngineOptions { RunBackground = false });
await versions.PublishAsync("bench", Workflow, "bench", null);
var (memoryDefinition, _) = versions.Check(InMemoryWorkflow);

// In memory: 10 steps, nothing stored.
for (var i = 0; i < 2000; i++)
{
    await engine.TestRunAsync(memoryDefinition!, []);
}
var memory = Stopwatch.StartNew();
var memoryRuns = 0;
while (memory.Elapsed.TotalSeconds < seconds)
{
    await engine.TestRunAsync(memoryDefinition!, []);
    memoryRuns++;
}
var memoryRate = memoryRuns / memory.Elapsed.TotalSeconds;

// Durable: start (runs to the first wait, commit), signal (commit), signal (completes, commit).
var commitsBefore = storage.Writer.Transactions;
var unitsBefore = storage.Writer.Units;
var durable = Stopwatch.StartNew();
var completed = 0;
var failures = 0;
string? firstFailure = null;
var workers = Enumerable.Range(0, concurrency).Select(async _ =>
{
    while (durable.Elapsed.TotalSeconds < seconds)
    {
        try
        {
            var started = await engine.StartAsync("bench", []);
            await engine.SignalAsync("first", null, started.InstanceId, null);
            var done = await engine.SignalAsync("second", null, started.InstanceId, null);
            if (done.Count == 1 && done[0].Status == InstanceStatus.Completed)
            {
                Interlocked.Increment(ref completed);
                continue;
            }
            firstFailure ??= done.Count == 1 ? $"ended {done[0].Status}: {done[0].Error}" : "second signal resumed nothing";
        }
        catch (Exception ex)
        {
            firstFailure ??= ex.ToString();
        }
        Interlocked.Increment(ref failures);
    }
}).ToArray();
await Task.WhenAll(workers);
durable.Stop();
var durableRate = completed / durable.Elapsed.TotalSeconds;
var transactions = storage.Writer.Transactions - commitsBefore;
var units = storage.Writer.Units - unitsBefore;

Console.WriteLine();
Console.WriteLine($"OmsFlow engine benchmark ({Environment.ProcessorCount} cores, {seconds:0.#} s per measure, {concurrency} concurrent clients, engine synchronous={synchronous})");
Console.WriteLine("| measure | value |");
Console.WriteLine("|---|---|");
Console.WriteLine($"| SQLite raw durable commits/s (1 row, synchronous=FULL, WAL) | {rawSingle:N0} |");
Console.WriteLine($"| in-memory 10-step workflows/s | {memoryRate:N0} |");
Console.WriteLine($"| in-memory engine time per step | {1e6 / memoryRate / 10:0.0} us |");
Console.WriteLine($"| durable 10-step workflows/s (2 suspensions, 3 commits each) | {durableRate:N0} |");
Console.WriteLine($"| commit units per transaction (group commit) | {(transactions == 0 ? 0 : (double)units / transactions):0.0} |");
Console.WriteLine($"| durable rate / (raw commits/s / 3 commits per workflow) | {durableRate / (rawSingle / 3):0.00}x |");
Console.WriteLine($"| failed workflows | {failures} |");
if (firstFailure is not null)
{
    Console.WriteLine("first failure: " + firstFailure);
}

await engine.DisposeAsync();
await storage.DisposeAsync();
SqliteConnection.ClearAllPools();
Directory.Delete(folder, recursive: true);

static double RawCommitRate(string path, double seconds, int rowsPerCommit)
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
    var parameter = insert.Parameters.Add("$p", SqliteType.Text);
    parameter.Value = new string('x', 400);
    var watch = Stopwatch.StartNew();
    var commits = 0;
    while (watch.Elapsed.TotalSeconds < seconds)
    {
        using var transaction = connection.BeginTransaction();
        insert.Transaction = transaction;
        for (var i = 0; i < rowsPerCommit; i++)
        {
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
        commits++;
    }
    return commits / watch.Elapsed.TotalSeconds;
}

internal sealed class NoServices : IServiceProvider
{
    public object? GetService(Type serviceType) => null;
}
