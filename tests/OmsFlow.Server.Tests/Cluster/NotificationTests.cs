using System.Diagnostics;
using System.Net;
using System.Text;
using Npgsql;
using OmsFlow.Persistence.Tests.Postgres;
using OmsFlow.Server.Tests.Infrastructure;

namespace OmsFlow.Server.Tests.Cluster;

/// <summary>
/// LISTEN/NOTIFY between real server processes: work one process makes ready is picked up by an idle process at once,
/// not at its next poll. Both processes poll (and renew leases) only every 30 seconds or more here, so a run finished
/// well within that window was woken by a notification.
/// </summary>
[Collection(SerialProcessTests.Name)]
public sealed class NotificationTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IAsyncLifetime
{
    private const string Flow = """
        id: notified-order
        triggers:
          - hook: notified-orders
            correlation: =order.id
        inputs:
          order: { type: object, required: true }
        steps:
          settle:
            activity: Delay
            inputs: { duration: 1s }
        """;

    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(30);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "omsflow-notify", Guid.NewGuid().ToString("N"));
    private readonly List<ServerProcess> _servers = [];
    private string _database = null!;

    public async Task InitializeAsync()
    {
        _database = await postgres.Server.CreateDatabaseAsync("notify");
        Directory.CreateDirectory(Path.Combine(_folder, "definitions", "workflows"));
        await File.WriteAllTextAsync(Path.Combine(_folder, "definitions", "workflows", "notified-order.yaml"), Flow);
    }

    public async Task DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }
        NpgsqlConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }

    [Fact]
    public async Task InstanceQueuedByApiOnlyProcess_IdleWorkerProcessRunsItBeforeItsNextPoll()
    {
        // The API process takes hooks but runs no background work, so only the worker can run the instance it queues.
        var api = await StartAsync("api", "--Engine:RunBackground=false");
        var worker = await StartAsync("worker");
        await WaitUntilAsync(async () => await ClusterDatabase.CountAsync(_database, "SELECT COUNT(*) FROM pg_stat_activity WHERE query = 'LISTEN omsflow_work'") == 1, Poll);
        // Let the worker's start-up claims and timer look-ups pass: from here on only a notification can wake it early.
        await Task.Delay(TimeSpan.FromSeconds(1));

        var response = await api.Client.PostAsync("/hooks/notified-orders", new StringContent("""{"order":{"id":"SO-1"}}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        // Woken for the new instance (run) and again by its own 1 s timer, not by a 30 s poll.
        await WaitUntilAsync(async () => await ClusterDatabase.CountAsync(_database, "SELECT COUNT(*) FROM instances WHERE status = 'Completed'") == 1, Poll / 2);
        Assert.Equal(1, await ClusterDatabase.CountAsync(_database, "SELECT COUNT(*) FROM journal WHERE kind = 'instanceCompleted'"));
        Assert.False(worker.HasExited, worker.Log);
        // The API process committed the queued instance; the worker its run (to the timer, then to the end).
        Assert.True(await CommitsAsync(api) >= 1, "the API process's /metrics should count the commit that queued the instance");
        Assert.True(await CommitsAsync(worker) >= 2, "the worker's /metrics should count its engine commits");
    }

    private static async Task<long> CommitsAsync(ServerProcess server)
    {
        var metrics = await server.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var line = metrics.Split('\n').Single(l => l.StartsWith("omsflow_storage_commits_total ", StringComparison.Ordinal));
        return long.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<ServerProcess> StartAsync(string name, params string[] extra)
    {
        var server = ServerProcess.Start(Path.Combine(_folder, name),
        [
            "--Storage:Provider=Postgres",
            $"--Storage:ConnectionString={_database}",
            $"--Definitions:Path={Path.Combine(_folder, "definitions")}",
            $"--Engine:TimerPollInterval={Poll}",
            $"--Engine:ClusterPollInterval={Poll}",
            // Lease renewal (every third of the lease) also wakes the claim loop: keep it beyond the window too.
            $"--Storage:LeaseDuration={Poll * 4}",
            .. extra,
        ]);
        _servers.Add(server);
        await server.WaitReadyAsync();
        return server;
    }

    private async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan within)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > within)
            {
                Assert.Fail($"not done within {within}; server output:\n" + string.Join("\n", _servers.Select(s => s.Log)));
            }
            await Task.Delay(50);
        }
    }
}
