using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using OmsFlow.Persistence.Storage;
using OmsFlow.Persistence.Tests.Postgres;
using OmsFlow.Workflows.Activities;
using OmsFlow.Workflows.Expressions;
using OmsFlow.Workflows.Runtime;
using OmsFlow.Workflows.Versions;

// Storage benchmark: each database's raw durable commit rate, and durable workflows/s through the engine on SQLite,
// on PostgreSQL with one engine node, and on PostgreSQL with three nodes sharing the database through leases, all in
// the same run on the same disk. PostgreSQL is a private server started for the run (Debian's postgresql-15) with
// fsync on and synchronous_commit on: every commit reaches the disk.
// Usage: dotnet run -c Release --project tests/bench/OmsFlow.Bench.Storage [-- seconds=5 concurrency=64]
var settings = args.Select(a => a.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
var seconds = double.Parse(settings.GetValueOrDefault("seconds", "5"), CultureInfo.InvariantCulture);
var concurrency = int.Parse(settings.GetValueOrDefault("concurrency", "64"), CultureInfo.InvariantCulture);
var folder = Path.Combine(Path.GetTempPath(), "omsflow-bench-storage-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(folder);

const string Workflow = """
    id: bench
    inputs:
      amount: { type: decimal, default: 10 }
    variables:
      a: decimal
      b: decimal
    steps:
      s1: { activity: SetVariable, inputs: { name: a, value: =amount * 2 }, next: s2 }
      s2: { activity: WaitForSignal, inputs: { signal: first }, next: s3 }
      s3: { activity: SetVariable, inputs: { name: b, value: =a + 1 }, next: s4 }
      s4: { activity: WaitForSignal, inputs: { signal: second }, next: s5 }
      s5: { activity: If, inputs: { condition: =a < b } }
    """;

await using var postgres = await PostgresServer.StartAsync(durable: true);
var rows = new List<(string Measure, string Value)>();

var sqliteRaw = SqliteRawCommitRate(Path.Combine(folder, "raw.db"), seconds);
var postgresRaw = await PostgresRawCommitRateAsync(await postgres.CreateDatabaseAsync("raw"), seconds);
rows.Add(("SQLite raw durable commits/s (1 row, WAL, synchronous=FULL)", $"{sqliteRaw:N0}"));
rows.Add(("PostgreSQL raw durable commits/s (1 row, fsync on, synchronous_commit on)", $"{postgresRaw:N0}"));

var sqlite = await RunEngineAsync([new StorageOptions { ConnectionString = $"Data Source={Path.Combine(folder, "engine.db")}" }], seconds, concurrency);
var pgDatabase = await postgres.CreateDatabaseAsync("one");
var pgOne = await RunEngineAsync([new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = pgDatabase }], seconds, concurrency);
var pgShared = await postgres.CreateDatabaseAsync("three");
var pgThree = await RunEngineAsync(
    [.. Enumerable.Range(0, 3).Select(_ => new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = pgShared })], seconds, concurrency);

foreach (var (name, result, raw) in new[] { ("SQLite, 1 node", sqlite, sqliteRaw), ("PostgreSQL, 1 node", pgOne, postgresRaw), ("PostgreSQL, 3 nodes", pgThree, postgresRaw) })
{
    rows.Add(($"{name}: durable workflows/s (2 suspensions, 3 commits each)", $"{result.Rate:N0}"));
    rows.Add(($"{name}: commit units per transaction (group commit)", $"{result.UnitsPerTransaction:0.0}"));
    rows.Add(($"{name}: rate / (raw commits/s / 3 commits per workflow)", $"{result.Rate / (raw / 3):0.00}x"));
    rows.Add(($"{name}: failed workflows", $"{result.Failures}{(result.FirstFailure is null ? string.Empty : " (first: " + result.FirstFailure + ")")}"));
}

Console.WriteLine();
Console.WriteLine($"OmsFlow storage benchmark ({Environment.ProcessorCount} cores, {seconds:0.#} s per measure, {concurrency} concurrent clients; " +
    "3 nodes = three engines with their own writer and leases in this process, sharing one database)");
Console.WriteLine("| measure | value |");
Console.WriteLine("|---|---|");
foreach (var (measure, value) in rows)
{
    Console.WriteLine($"| {measure} | {value} |");
}

SqliteConnection.ClearAllPools();
NpgsqlConnection.ClearAllPools();
Directory.Delete(folder, recursive: true);

// Starts, signals and signals again (3 commits) as many workflows as the clients manage; clients are spread over the nodes.
static async Task<EngineResult> RunEngineAsync(StorageOptions[] nodes, double seconds, int concurrency)
{
    var activities = BuiltInActivities.CreateRegistry();
    var expressions = new ExpressionLanguageEvaluator();
    var storages = new List<OmsFlowStorage>();
    var engines = new List<WorkflowEngine>();
    foreach (var options in nodes)
    {
        var storage = await OmsFlowStorage.OpenAsync(options);
        var catalog = new DefinitionCatalog(storage, WorkflowDocuments.ReadStored, TimeProvider.System);
        if (storages.Count == 0)
        {
            await new WorkflowVersions(storage, catalog, activities, expressions, TimeProvider.System).PublishAsync("bench", Workflow, "bench", null);
        }
        storages.Add(storage);
        engines.Add(new WorkflowEngine(storage, catalog, activities, expressions, TimeProvider.System, new NoServices(), new EngineOptions { RunBackground = false }));
    }
    // Warm-up: compile expressions, fill pools.
    for (var i = 0; i < 50; i++)
    {
        await RunOneAsync(engines[i % engines.Count]);
    }
    var transactionsBefore = storages.Sum(s => s.Writer.Transactions);
    var unitsBefore = storages.Sum(s => s.Writer.Units);
    var watch = Stopwatch.StartNew();
    var completed = 0;
    var failures = 0;
    string? firstFailure = null;
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async client =>
    {
        var engine = engines[client % engines.Count];
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            var failure = await RunOneAsync(engine);
            if (failure is null)
            {
                Interlocked.Increment(ref completed);
            }
            else
            {
                Interlocked.Increment(ref failures);
                firstFailure ??= failure;
            }
        }
    }));
    watch.Stop();
    var transactions = storages.Sum(s => s.Writer.Transactions) - transactionsBefore;
    var units = storages.Sum(s => s.Writer.Units) - unitsBefore;
    foreach (var engine in engines)
    {
        await engine.DisposeAsync();
    }
    foreach (var storage in storages)
    {
        await storage.DisposeAsync();
    }
    return new EngineResult(completed / watch.Elapsed.TotalSeconds, transactions == 0 ? 0 : (double)units / transactions, failures, firstFailure);
}

static async Task<string?> RunOneAsync(WorkflowEngine engine)
{
    try
    {
        var started = await engine.StartAsync("bench", []);
        await engine.SignalAsync("first", null, started.InstanceId, null);
        var done = await engine.SignalAsync("second", null, started.InstanceId, null);
        return done.Count == 1 && done[0].Status == InstanceStatus.Completed
            ? null
            : done.Count == 1 ? $"ended {done[0].Status}: {done[0].Error}" : "second signal resumed nothing";
    }
#pragma warning disable CA1031 // A benchmark reports its first failure instead of stopping.
    catch (Exception ex)
#pragma warning restore CA1031
    {
        return ex.GetType().Name + ": " + ex.Message;
    }
}

static double SqliteRawCommitRate(string path, double seconds)
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
    return commits / watch.Elapsed.TotalSeconds;
}

static async Task<double> PostgresRawCommitRateAsync(string connectionString, double seconds)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using (var setup = new NpgsqlCommand("CREATE TABLE t (id bigserial PRIMARY KEY, payload text)", connection))
    {
        await setup.ExecuteNonQueryAsync();
    }
    await using var insert = new NpgsqlCommand("INSERT INTO t (payload) VALUES (@p)", connection);
    insert.Parameters.AddWithValue("p", new string('x', 400));
    var watch = Stopwatch.StartNew();
    var commits = 0;
    while (watch.Elapsed.TotalSeconds < seconds)
    {
        // Autocommit: one durable commit per statement.
        await insert.ExecuteNonQueryAsync();
        commits++;
    }
    return commits / watch.Elapsed.TotalSeconds;
}

internal sealed record EngineResult(double Rate, double UnitsPerTransaction, int Failures, string? FirstFailure);

internal sealed class NoServices : IServiceProvider
{
    public object? GetService(Type serviceType) => null;
}
