using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;
using OmsFlow.Persistence.Storage;
using OmsFlow.Persistence.Tests.Postgres;

namespace OmsFlow.Bench.Orders.Processes;

/// <summary>
/// Orders/s through real server processes: SQLite with one process, PostgreSQL with one or several processes on one
/// database. Orders arrive through <c>POST /hooks/orders</c> round robin over the processes, and the bench plays the
/// warehouse and carrier (<c>POST /hooks/shipments</c> shipped, then delivered, at the next process each time).
/// Prints orders/s, engine commits per order, the database's raw durable commit rate measured in the same run and the
/// share of the storage limit reached (orders/s ÷ (raw commits/s ÷ commits per order)).
/// </summary>
/// <remarks>
/// <c>table=1</c> runs SQLite/1, PostgreSQL/1 and PostgreSQL/3 one after the other and prints one table. PostgreSQL
/// runs durably here (fsync on, synchronous_commit on), like SQLite's synchronous=FULL.
/// </remarks>
internal static class ProcessBench
{
    private static int _serverErrors;

    public static async Task RunAsync(IReadOnlyDictionary<string, string> settings)
    {
        var orders = int.Parse(settings.GetValueOrDefault("orders", "300"), CultureInfo.InvariantCulture);
        var concurrency = int.Parse(settings.GetValueOrDefault("concurrency", "32"), CultureInfo.InvariantCulture);
        var runs = settings.ContainsKey("table")
            ? new[] { ("sqlite", 1), ("postgres", 1), ("postgres", 3) }
            : [(settings.GetValueOrDefault("provider", "sqlite"), int.Parse(settings.GetValueOrDefault("processes", "1"), CultureInfo.InvariantCulture))];
        var results = new List<ProcessResult>();
        foreach (var (provider, processes) in runs)
        {
            Console.WriteLine($"running {provider} with {processes} process(es), {orders} orders, {concurrency} concurrent ...");
            results.Add(await RunOneAsync(provider, processes, orders, concurrency));
        }
        Console.WriteLine();
        Console.WriteLine($"OmsFlow orders through server processes ({Environment.ProcessorCount} cores, load {Bench.LoadAverage()}, {orders} orders, {concurrency} concurrent, reference flow over HTTP hooks)");
        Console.WriteLine("| storage | processes | orders/s (intake -> closed) | engine commits/order | all write transactions/order | raw durable commits/s | % of storage limit |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            var limit = r.RawCommits / r.CommitsPerOrder;
            Console.WriteLine($"| {r.Provider} | {r.Processes} | {r.OrdersPerSecond:N1} | {r.CommitsPerOrder:0.0} | {(r.WritesPerOrder is { } w ? w.ToString("0.0", CultureInfo.InvariantCulture) : "n/a")} | {r.RawCommits:N0} | {100 * r.OrdersPerSecond / limit:0}% |");
        }
        Console.WriteLine("Storage limit = raw durable commits/s ÷ engine commits per order (the group-commit writer's transactions, summed over processes).");
        Console.WriteLine("All write transactions (PostgreSQL: transaction ids used) also count lease claims, outbox and idempotency writes.");
        Console.WriteLine($"Shipment hooks answered 5xx and retried (deadlocks between processes' commits): {_serverErrors}.");
    }

    private static async Task<ProcessResult> RunOneAsync(string provider, int processes, int orders, int concurrency)
    {
        var folder = Path.Combine(Path.GetTempPath(), "omsflow-bench-processes-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        Bench.CopyDefinitions(Path.Combine(folder, "definitions"));
        var postgres = provider == "postgres" ? await PostgresServer.StartAsync(durable: true) : null;
        var nodes = new List<ServerNode>();
        try
        {
            double raw;
            StorageOptions storage;
            if (postgres is not null)
            {
                raw = await PostgresRawCommitRateAsync(await postgres.CreateDatabaseAsync("raw"), seconds: 3);
                storage = new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = await postgres.CreateDatabaseAsync("orders") };
            }
            else
            {
                raw = Bench.RawCommitRate(Path.Combine(folder, "raw.db"), seconds: 3);
                storage = new StorageOptions { ConnectionString = $"Data Source={Path.Combine(folder, "omsflow.db")}" };
            }
            await using (var seeding = await OmsFlowStorage.OpenAsync(storage))
            {
                await Bench.SeedAsync(seeding, unitsPerSku: 10 * (orders + 100));
            }
            string[] serverSettings =
            [
                $"--Storage:Provider={storage.Provider}", $"--Storage:ConnectionString={storage.ConnectionString}",
                $"--Definitions:Path={Path.Combine(folder, "definitions")}", "--Seed:Enabled=false",
                "--Engine:TimerPollInterval=00:00:00.050", "--Outbox:PollInterval=00:00:00.200",
            ];
            nodes.Add(await ServerNode.StartAsync(Path.Combine(folder, "node0"), serverSettings));
            nodes.AddRange(await Task.WhenAll(Enumerable.Range(1, processes - 1).Select(i => ServerNode.StartAsync(Path.Combine(folder, $"node{i}"), serverSettings))));

            await using var reads = await OmsFlowStorage.OpenAsync(storage);
            await DriveAsync(nodes, "W", 20, Math.Min(concurrency, 8));
            await Bench.WaitCompletedAsync(reads, 20, TimeSpan.FromMinutes(3));

            var commitsBefore = await SumCommitsAsync(nodes);
            var xidBefore = postgres is null ? 0 : await TransactionIdAsync(storage.ConnectionString!);
            var watch = Stopwatch.StartNew();
            await DriveAsync(nodes, "B", orders, concurrency);
            var completed = await Bench.WaitCompletedAsync(reads, 20 + orders, TimeSpan.FromMinutes(10)) - 20;
            var elapsed = watch.Elapsed;
            var commits = await SumCommitsAsync(nodes) - commitsBefore;
            double? writes = postgres is null ? null : (double)(await TransactionIdAsync(storage.ConnectionString!) - xidBefore) / orders;
            if (completed < orders)
            {
                throw new InvalidOperationException($"Only {completed} of {orders} orders completed; logs in {folder}.");
            }
            return new ProcessResult(provider == "postgres" ? "PostgreSQL" : "SQLite", processes, orders / elapsed.TotalSeconds, (double)commits / orders, writes, raw);
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
            if (postgres is not null)
            {
                await postgres.DisposeAsync();
            }
            NpgsqlConnection.ClearAllPools();
        }
    }

    /// <summary>
    /// Places <paramref name="count"/> orders round robin over the processes, then reports each one shipped and
    /// delivered at the next process (retrying while the order is not yet waiting for that event).
    /// </summary>
    private static async Task DriveAsync(List<ServerNode> nodes, string prefix, int count, int concurrency)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var id = $"SO-{prefix}{i:000000}";
                await PostAsync(nodes[i % nodes.Count], "/hooks/orders", Bench.Order(id), HttpStatusCode.Accepted);
                var hop = 1;
                foreach (var status in new[] { "shipped", "delivered" })
                {
                    var body = new JsonObject { ["orderId"] = id, ["status"] = status, ["carrier"] = "PostNL", ["trackingNumber"] = "3S" + id };
                    for (var attempt = 0; ; attempt++)
                    {
                        var node = nodes[(i + hop++) % nodes.Count];
                        using var response = await node.Client.PostAsync(new Uri("/hooks/shipments", UriKind.Relative), Json(body));
                        if (response.IsSuccessStatusCode)
                        {
                            break;
                        }
                        if ((int)response.StatusCode >= 500)
                        {
                            // A deadlock between processes' commits rolled the resume back: the integrator retries.
                            Interlocked.Increment(ref _serverErrors);
                        }
                        else if (response.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.Conflict) || attempt > 20_000)
                        {
                            throw new InvalidOperationException($"{id} {status}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                        }
                        // The order is still running the steps before this wait.
                        await Task.Delay(5);
                    }
                }
            }
        }));
    }

    private static async Task PostAsync(ServerNode node, string path, JsonObject body, HttpStatusCode expected)
    {
        using var response = await node.Client.PostAsync(new Uri(path, UriKind.Relative), Json(body));
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static StringContent Json(JsonObject body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    private static async Task<long> SumCommitsAsync(List<ServerNode> nodes) => (await Task.WhenAll(nodes.Select(n => n.CommitsAsync()))).Sum();

    /// <summary>The next transaction id: how many transactions that wrote have started (read-only ones take none).</summary>
    private static async Task<long> TransactionIdAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT txid_snapshot_xmax(txid_current_snapshot())", connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static async Task<double> PostgresRawCommitRateAsync(string connectionString, double seconds)
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

    private sealed record ProcessResult(string Provider, int Processes, double OrdersPerSecond, double CommitsPerOrder, double? WritesPerOrder, double RawCommits);
}
