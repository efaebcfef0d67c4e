using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;
using OmsFlow.Persistence.Tests.Postgres;
using OmsFlow.Server.Tests.Infrastructure;

namespace OmsFlow.Server.Tests.Cluster;

/// <summary>
/// Three real server processes on one PostgreSQL database share the work (timers, hook waits, emails); one is killed
/// with SIGKILL mid-run, and every order still completes exactly once: one completion in the journal, one email per
/// order, delivered once.
/// </summary>
[Collection(SerialProcessTests.Name)]
public sealed class ClusterTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IAsyncLifetime
{
    private const int Orders = 60;

    private const string Flow = """
        id: cluster-order
        triggers:
          - hook: cluster-orders
            correlation: =order.id
        inputs:
          order: { type: object, required: true }
          confirmation: { type: object, required: true }
        steps:
          settle:
            activity: Delay
            inputs: { duration: 800ms }
            next: paid
          paid:
            activity: WaitForHook
            inputs: { path: cluster-paid }
            next: { done: cool-off }
          cool-off:
            activity: Delay
            inputs: { duration: 300ms }
            next: email
          email:
            activity: SendEmail
            inputs: { template: order-confirmation, to: =order.email, data: =confirmation }
        """;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "omsflow-cluster", Guid.NewGuid().ToString("N"));
    private readonly List<ServerProcess> _servers = [];
    private string _database = null!;

    private string Mail => Path.Combine(_folder, "mail");

    public async Task InitializeAsync()
    {
        _database = await postgres.Server.CreateDatabaseAsync("cluster");
        var definitions = Path.Combine(_folder, "definitions");
        Directory.CreateDirectory(Path.Combine(definitions, "workflows"));
        await File.WriteAllTextAsync(Path.Combine(definitions, "workflows", "cluster-order.yaml"), Flow);
        foreach (var folder in new[] { "templates", Path.Combine("templates", "_partials"), Path.Combine("templates", "order-confirmation") })
        {
            Directory.CreateDirectory(Path.Combine(definitions, folder));
            foreach (var file in Directory.EnumerateFiles(Path.Combine(Repository.Definitions, folder)))
            {
                File.Copy(file, Path.Combine(definitions, folder, Path.GetFileName(file)));
            }
        }
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
    public async Task ThreeProcesses_OneKilledMidRun_EveryOrderCompletesOnceWithOneEmail()
    {
        // The first process migrates and deploys; the other two start together on the same database.
        _servers.Add(await StartAsync("a"));
        var rest = await Task.WhenAll(StartAsync("b"), StartAsync("c"));
        _servers.AddRange(rest);
        var confirmation = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Repository.Definitions, "templates", "order-confirmation", "sample.json")));

        var starts = Enumerable.Range(0, Orders).Select(i =>
        {
            var body = new JsonObject { ["order"] = new JsonObject { ["id"] = OrderId(i), ["email"] = $"buyer{i}@example.com" }, ["confirmation"] = confirmation!.DeepClone() };
            return _servers[i % 3].Client.PostAsync("/hooks/cluster-orders", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        });
        Assert.All(await Task.WhenAll(starts), r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));

        // Process b dies holding the instances it started (their timers still running): the others take them over.
        var victim = _servers[1];
        await WaitUntilAsync(async () => await CountAsync("SELECT COUNT(*) FROM instances WHERE lease_owner IS NOT NULL") > 0, "instances to be claimed");
        victim.Kill();
        Assert.True(await CountAsync("SELECT COUNT(*) FROM bookmarks WHERE kind = 'hook'") < Orders, "the kill came after every order already waited for payment");
        var live = new[] { _servers[0], _servers[2] };

        await WaitUntilAsync(async () => await CountAsync("SELECT COUNT(*) FROM bookmarks WHERE kind = 'hook'") == Orders, "every order to wait for its payment");
        var payments = Enumerable.Range(0, Orders).Select(i => live[i % 2].Client.PostAsync($"/hooks/cluster-paid/{OrderId(i)}",
            new StringContent("""{"paid":true}""", Encoding.UTF8, "application/json")));
        Assert.All(await Task.WhenAll(payments), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));

        await WaitUntilAsync(async () => await CountAsync("SELECT COUNT(*) FROM outbox WHERE status = 'sent'") == Orders, "every email to be sent");
        Assert.Equal(Orders, await CountAsync("SELECT COUNT(*) FROM instances WHERE status = 'Completed'"));
        Assert.Equal(Orders, await CountAsync("SELECT COUNT(*) FROM journal WHERE kind = 'instanceCompleted'"));
        Assert.Equal(Orders, await CountAsync("SELECT COUNT(DISTINCT instance_id) FROM journal WHERE kind = 'instanceCompleted'"));
        Assert.Equal(Orders, await CountAsync("SELECT COUNT(*) FROM journal WHERE kind = 'completed' AND step = 'email'"));
        Assert.Equal(Orders, await CountAsync("SELECT COUNT(*) FROM outbox WHERE channel = 'email'"));
        Assert.Equal(Orders, await CountAsync("SELECT COUNT(DISTINCT correlation_key) FROM outbox WHERE channel = 'email'"));
        Assert.Equal(Orders, await CountAsync("SELECT COUNT(*) FROM outbox_attempts WHERE succeeded"));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM bookmarks"));
        Assert.Equal(Orders, Directory.GetFiles(Mail, "*.eml", SearchOption.AllDirectories).Length);
    }

    private static string OrderId(int i) => $"SO-{i:D4}";

    private async Task<ServerProcess> StartAsync(string name)
    {
        var server = ServerProcess.Start(Path.Combine(_folder, name),
        [
            "--Storage:Provider=Postgres",
            $"--Storage:ConnectionString={_database}",
            "--Storage:LeaseDuration=00:00:05",
            $"--Definitions:Path={Path.Combine(_folder, "definitions")}",
            $"--Email:OutboxFolder={Mail}",
            "--Engine:TimerPollInterval=00:00:00.100",
            "--Outbox:PollInterval=00:00:00.100",
        ]);
        try
        {
            await server.WaitReadyAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    private Task<long> CountAsync(string sql) => ClusterDatabase.CountAsync(_database, sql);

    private async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                var logs = string.Join("\n", _servers.Select(s => s.Log));
                Assert.Fail($"timed out waiting for {what}; server output:\n{logs}");
            }
            await Task.Delay(100);
        }
    }
}
