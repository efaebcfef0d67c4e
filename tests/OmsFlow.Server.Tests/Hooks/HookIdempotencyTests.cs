using System.Net;
using System.Text;
using OmsFlow.Server.Tests.Infrastructure;

namespace OmsFlow.Server.Tests.Hooks;

public sealed class HookIdempotencyTests : IAsyncLifetime
{
    private const string QuickFlow = """
        id: quick
        triggers:
          - hook: quick
        inputs:
          a: { type: int, required: true }
        outputs:
          doubled: =a * 2
        steps:
          noop: { activity: SetVariable, inputs: { name: seen, value: true } }
        variables:
          seen: bool
        """;

    private const string SlowFlow = """
        id: slow
        triggers:
          - hook: slow
        steps:
          pause: { activity: Delay, inputs: { duration: 2s } }
        """;

    private ServerHarness _server = null!;

    public async Task InitializeAsync()
        => _server = await ServerHarness.StartAsync(new Dictionary<string, string> { ["quick.yaml"] = QuickFlow, ["slow.yaml"] = SlowFlow });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string json, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task SameKeySameBody_ReplaysFirstResponse_WithoutStartingAnotherInstance()
    {
        var first = await PostAsync(_server.Client, "/hooks/quick", """{"a":1}""", "order-1001-create");
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var firstBody = await first.Content.ReadAsStringAsync();
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));

        var retry = await PostAsync(_server.Client, "/hooks/quick", """{"a":1}""", "order-1001-create");
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.Equal(firstBody, await retry.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());

        var instances = await _server.GetJsonAsync("/api/instances?workflowId=quick");
        Assert.Single(instances["items"]!.AsArray());
    }

    [Fact]
    public async Task SameKeyOtherBody_Is422NamingTheHeader()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(_server.Client, "/hooks/quick", """{"a":1}""", "k-422")).StatusCode);
        var other = await PostAsync(_server.Client, "/hooks/quick", """{"a":2}""", "k-422");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        var problem = await ServerHarness.ReadAsync(other);
        Assert.Equal("Idempotency-Key", problem["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task SameKeyWhileFirstRequestRuns_Is409_ThenReplaysOnceDone()
    {
        var first = PostAsync(_server.Client, "/hooks/slow?wait=true&timeoutSeconds=20", "{}", "k-inflight");
        // The key is claimed before the instance starts: once the instance exists, the first request holds the key.
        for (var i = 0; i < 200 && (await _server.GetJsonAsync("/api/instances?workflowId=slow"))["items"]!.AsArray().Count == 0; i++)
        {
            await Task.Delay(10);
        }
        var conflict = await PostAsync(_server.Client, "/hooks/slow?wait=true&timeoutSeconds=20", "{}", "k-inflight");
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Contains("still being processed", await conflict.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var done = await first;
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var replay = await PostAsync(_server.Client, "/hooks/slow?wait=true&timeoutSeconds=20", "{}", "k-inflight");
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(await done.Content.ReadAsStringAsync(), await replay.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Replay_SurvivesARestart()
    {
        var first = await PostAsync(_server.Client, "/hooks/quick?wait=true", """{"a":5}""", "k-restart");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var body = await first.Content.ReadAsStringAsync();
        await _server.RestartAsync();
        var retry = await PostAsync(_server.Client, "/hooks/quick?wait=true", """{"a":5}""", "k-restart");
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(body, await retry.Content.ReadAsStringAsync());
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
    }

    [Fact]
    public async Task Keys_AreScopedPerCaller()
    {
        using var other = _server.CreateClient(await _server.CreateKeyAsync("other-integrator", "integrator"));
        var mine = await ServerHarness.ReadAsync(await PostAsync(_server.Client, "/hooks/quick", """{"a":3}""", "shared-key"));
        var theirs = await PostAsync(other, "/hooks/quick", """{"a":3}""", "shared-key");
        Assert.Equal(HttpStatusCode.Accepted, theirs.StatusCode);
        Assert.False(theirs.Headers.Contains("Idempotent-Replayed"));
        Assert.NotEqual(mine["instanceId"]!.GetValue<string>(), (await ServerHarness.ReadAsync(theirs))["instanceId"]!.GetValue<string>());
    }

    [Fact]
    public async Task ExpiredKey_CanBeUsedForANewRequest()
    {
        await using var shortLived = await ServerHarness.StartAsync(
            new Dictionary<string, string> { ["quick.yaml"] = QuickFlow }, "--Hooks:IdempotencyRetention=00:00:00.001");
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(shortLived.Client, "/hooks/quick", """{"a":1}""", "k-expire")).StatusCode);
        await Task.Delay(20);
        var reused = await PostAsync(shortLived.Client, "/hooks/quick", """{"a":2}""", "k-expire");
        Assert.Equal(HttpStatusCode.Accepted, reused.StatusCode);
        Assert.False(reused.Headers.Contains("Idempotent-Replayed"));
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("tab\tinside")]
    public async Task MalformedKey_Is400(string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/quick") { Content = new StringContent("""{"a":1}""", Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        var response = await _server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
