using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OmsFlow.Persistence.Storage;
using OmsFlow.Server.Tests.Infrastructure;
using OmsFlow.Workflows.Runtime;

namespace OmsFlow.Server.Tests.Webhooks;

/// <summary>
/// <c>instance.completed</c> / <c>instance.faulted</c> are written in the same commit as the instance's final state, so
/// a crash cannot keep one and lose the other.
/// </summary>
public sealed class InstanceEventCommitTests : IAsyncLifetime, IDisposable
{
    private const string AdminKey = "omsf_event-commit-admin-key-0123456789abcdefghijkl";

    private const string QuickFlow = """
        id: quick
        triggers:
          - hook: quick
            correlation: =orderId
        inputs:
          orderId: { type: string, required: true }
        steps:
          note: { activity: SetVariable, inputs: { name: seen, value: true } }
        variables:
          seen: bool
        outputs:
          seen: =seen
        """;

    private const string FailingFlow = """
        id: failing
        onFault: incident
        triggers:
          - hook: failing
            correlation: =orderId
        inputs:
          orderId: { type: string, required: true }
        steps:
          refuse: { activity: Fault, inputs: { message: Refused by policy } }
        """;

    private readonly CommitProbe _probe = new();
    private WebApplication _app = null!;
    private HttpClient _client = null!;
    private string _folder = null!;

    public async Task InitializeAsync()
    {
        _folder = Path.Combine(Path.GetTempPath(), "omsflow-server-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(_folder, "definitions", "workflows"));
        await File.WriteAllTextAsync(Path.Combine(_folder, "definitions", "workflows", "quick.yaml"), QuickFlow);
        await File.WriteAllTextAsync(Path.Combine(_folder, "definitions", "workflows", "failing.yaml"), FailingFlow);
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            .. await TestStorage.ArgumentsAsync(_folder),
            $"--Definitions:Path={Path.Combine(_folder, "definitions")}",
            "--Logging:LogLevel:Default=Warning",
            $"--Auth:BootstrapAdminKey={AdminKey}",
            // Deliveries to the unreachable subscriber below retry slowly, so the event rows stay as written.
            "--Outbox:FirstRetryDelay=00:01:00",
        ];
        // The probe is registered after the server's own hooks, so it sees the unit as they left it.
        _app = await OmsFlowServer.BuildAsync(args, services => services.AddSingleton<IInstanceCommitHook>(_probe));
        await _app.StartAsync();
        _client = new HttpClient { BaseAddress = _app.ListeningAddress(), Timeout = TimeSpan.FromSeconds(60) };
        _client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminKey);
    }

    public void Dispose() => _client.Dispose();

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }

    private async Task SubscribeAsync(params string[] types)
    {
        var response = await _client.PostAsJsonAsync("/api/webhooks/subscriptions", new { url = "http://127.0.0.1:9/unreachable", eventTypes = types });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private Task<HttpResponseMessage> RunQuickAsync(string orderId)
        => _client.PostAsync("/hooks/quick?wait=true", new StringContent($$"""{"orderId":"{{orderId}}"}""", Encoding.UTF8, "application/json"));

    private async Task<JsonArray> OutboxEventsAsync(string correlationKey)
    {
        var body = JsonNode.Parse(await _client.GetStringAsync($"/api/outbox?orderId={correlationKey}&channel=webhook"))!;
        return body["items"]!.AsArray();
    }

    [Fact]
    public async Task CompletedInstance_EventRowIsInTheUnitThatCommitsTheCompletedState()
    {
        await SubscribeAsync("instance.completed");

        var response = await RunQuickAsync("EC-1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var instanceId = (await ServerHarness.ReadAsync(response))["instanceId"]!.GetValue<string>();
        var final = Assert.Single(_probe.Units, u => u.Instance?.Id == instanceId && u.Instance.Status == "Completed");
        var enlisted = Assert.Single(final.Outbox);
        Assert.Equal("instance.completed", enlisted.Topic);
        Assert.Equal(instanceId, enlisted.InstanceId);
        Assert.Equal("EC-1", enlisted.CorrelationKey);
        Assert.All(_probe.Units.Where(u => u.Instance?.Id == instanceId && u != final), u => Assert.Empty(u.Outbox));
    }

    [Fact]
    public async Task CompletedInstance_EventIsStoredWhenTheHookAnswers()
    {
        await SubscribeAsync("instance.completed");

        var response = await RunQuickAsync("EC-2");

        // No waiting: the answer comes after the commit that holds both the completed state and the event.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var instanceId = (await ServerHarness.ReadAsync(response))["instanceId"]!.GetValue<string>();
        var row = Assert.Single(await OutboxEventsAsync("EC-2"));
        Assert.Equal("instance.completed", row!["topic"]!.GetValue<string>());
        Assert.Equal(instanceId, row["instanceId"]!.GetValue<string>());
        var message = JsonNode.Parse(await _client.GetStringAsync($"/api/outbox/{row["id"]!.GetValue<string>()}"))!;
        var data = message["payload"]!["data"]!;
        Assert.Equal("Completed", data["status"]!.GetValue<string>());
        Assert.True(data["outputs"]!["seen"]!.GetValue<bool>());
    }

    [Fact]
    public async Task FailedCommit_StoresNeitherTheEndNorTheEvent()
    {
        await SubscribeAsync("instance.completed");
        _probe.FailEndingCommits = true;

        var failed = await RunQuickAsync("EC-3");

        Assert.False(failed.IsSuccessStatusCode, $"the start's commit failed, but the hook answered {(int)failed.StatusCode}");
        var rejected = Assert.Single(_probe.Units, u => u.Instance?.CorrelationKey == "EC-3");
        Assert.Contains(rejected.Outbox, o => o.Topic == "instance.completed");
        var instances = JsonNode.Parse(await _client.GetStringAsync("/api/instances?correlationKey=EC-3"))!;
        Assert.Equal(0, instances["total"]!.GetValue<int>());
        Assert.Empty(await OutboxEventsAsync("EC-3"));

        _probe.FailEndingCommits = false;
        Assert.Equal(HttpStatusCode.OK, (await RunQuickAsync("EC-3")).StatusCode);
        Assert.Single(await OutboxEventsAsync("EC-3"));
    }

    [Fact]
    public async Task NoSubscriberForTheType_NoEventRow()
    {
        await SubscribeAsync("instance.faulted");

        Assert.Equal(HttpStatusCode.OK, (await RunQuickAsync("EC-4")).StatusCode);

        Assert.Empty(await OutboxEventsAsync("EC-4"));
    }

    [Fact]
    public async Task FaultedInstance_EachFaultPublishesItsOwnEvent_RetriedOrNot()
    {
        await SubscribeAsync("instance.faulted");

        var response = await _client.PostAsync("/hooks/failing?wait=true", new StringContent("""{"orderId":"EC-5"}""", Encoding.UTF8, "application/json"));
        var instanceId = (await ServerHarness.ReadAsync(response))["instanceId"]!.GetValue<string>();
        var first = Assert.Single(await OutboxEventsAsync("EC-5"));
        var retried = await _client.PostAsync($"/api/instances/{instanceId}/retry", null);

        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal("Faulted", (await ServerHarness.ReadAsync(retried))["status"]!.GetValue<string>());
        var events = await OutboxEventsAsync("EC-5");
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal("instance.faulted", e!["topic"]!.GetValue<string>()));
        Assert.NotEqual(events[0]!["id"]!.GetValue<string>(), events[1]!["id"]!.GetValue<string>());
        Assert.Contains(events, e => e!["id"]!.GetValue<string>() == first!["id"]!.GetValue<string>());
    }

    /// <summary>Records every unit it sees; optionally makes the commit that ends an instance fail in the writer.</summary>
    private sealed class CommitProbe : IInstanceCommitHook
    {
        public ConcurrentQueue<CommitUnit> Units { get; } = new();

        public volatile bool FailEndingCommits;

        public ValueTask OnCommittingAsync(InstanceCommit commit, CancellationToken cancellationToken)
        {
            Units.Enqueue(commit.Unit);
            if (FailEndingCommits && commit.Ends)
            {
                commit.Unit.Writes.Add(new FailingWrite());
            }
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>A domain write that fails inside the writer's transaction, as a full disk or a broken constraint would.</summary>
    private sealed class FailingWrite : UnitWrite
    {
        public override void Apply(UnitSql sql) => throw new InvalidOperationException("Simulated storage failure inside the commit.");
    }
}
