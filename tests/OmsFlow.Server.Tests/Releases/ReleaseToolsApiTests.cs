using System.Net;
using System.Text.Json.Nodes;
using OmsFlow.Server.Tests.Infrastructure;

namespace OmsFlow.Server.Tests.Releases;

public sealed class ReleaseToolsApiTests : IAsyncLifetime
{
    private const string WaitingFlow = """
        id: waiting-flow
        triggers:
          - hook: waiting
            input: order
            correlation: =order.id
        inputs:
          order: { type: object, required: true }
        steps:
          wait:
            activity: WaitForSignal
            inputs: { signal: go }
            next: check
          check:
            activity: RunRules
            inputs: { ruleSet: limits, workflow: Limits, inputs: { order: =order } }
        """;

    private ServerHarness _server = null!;

    public async Task InitializeAsync() => _server = await ServerHarness.StartAsync(new Dictionary<string, string>());

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task GetDiff_BetweenTwoReleases_ReportsTheChangedRuleExpression()
    {
        var first = await ReleaseApiTests.ReleaseAsync(_server, ReleaseApiTests.Files(null, null, ("workflows/limit-flow.yaml", ReleaseApiTests.Flow), ("rules/limits.json", ReleaseApiTests.Generous)));
        var second = await ReleaseApiTests.ReleaseAsync(_server, ReleaseApiTests.Files(null, null, ("rules/limits.json", ReleaseApiTests.Strict)));

        var diff = await _server.GetJsonAsync($"/api/releases/diff?from={first["id"]}&to={second["id"]}");

        Assert.True(diff["hasDifferences"]!.GetValue<bool>());
        var definition = Assert.Single(diff["definitions"]!.AsArray())!;
        Assert.Equal("limits", definition["id"]!.GetValue<string>());
        var change = Assert.Single(definition["changes"]!.AsArray())!;
        Assert.Equal(("expression", "order.total < 100", "order.total < 10"),
            (change["field"]!.GetValue<string>(), change["before"]!.GetValue<string>(), change["after"]!.GetValue<string>()));
        Assert.Contains("~ rules limits (v1 -> v2)", diff["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostDiff_FilesAgainstTheActiveRelease_ReportsWhatReleasingThemWouldChange()
    {
        await ReleaseApiTests.ReleaseAsync(_server, ReleaseApiTests.Files(null, null, ("workflows/limit-flow.yaml", ReleaseApiTests.Flow), ("rules/limits.json", ReleaseApiTests.Generous)));

        var response = await _server.PostJsonAsync("/api/releases/diff", ReleaseApiTests.Files(null, null, ("rules/limits.json", ReleaseApiTests.Strict), ("workflows/limit-flow.yaml", ReleaseApiTests.Flow)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var diff = await ServerHarness.ReadAsync(response);
        Assert.Equal("limits", Assert.Single(diff["definitions"]!.AsArray())!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task PostRehearse_OnRecordedOrders_ReportsTheOrdersThatWouldChange()
    {
        await ReleaseApiTests.ReleaseAsync(_server, ReleaseApiTests.Files(null, null, ("workflows/limit-flow.yaml", ReleaseApiTests.Flow), ("rules/limits.json", ReleaseApiTests.Generous)));
        foreach (var amount in new[] { 5, 50, 500 })
        {
            Assert.Equal(HttpStatusCode.OK, (await _server.PostJsonAsync("/hooks/limits?wait=true", $$"""{"total":{{amount}}}""")).StatusCode);
        }
        var body = JsonNode.Parse(ReleaseApiTests.Files(null, null, ("rules/limits.json", ReleaseApiTests.Strict)))!.AsObject();
        body["orders"] = "last:10";

        var response = await _server.PostJsonAsync("/api/releases/rehearse", body.ToJsonString());

        var report = await ServerHarness.ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, report.ToJsonString());
        Assert.Equal(3, report["cases"]!.GetValue<int>());
        var changed = Assert.Single(report["changed"]!.AsArray())!;
        Assert.Equal("rule 'Small': passed -> failed", changed["changes"]![0]!.GetValue<string>());
        var total = Assert.Single(report["totals"]!.AsArray())!;
        Assert.Equal((2, 1), (total["before"]!.GetValue<int>(), total["after"]!.GetValue<int>()));
        Assert.Equal(HttpStatusCode.BadRequest, (await _server.PostJsonAsync("/api/releases/rehearse", body.ToJsonString().Replace("last:10", "recent", StringComparison.Ordinal))).StatusCode);
    }

    [Fact]
    public async Task PostMigrate_DryRunThenRealRun_MovesTheWaitingInstance()
    {
        await ReleaseApiTests.ReleaseAsync(_server, ReleaseApiTests.Files(null, null, ("workflows/waiting-flow.yaml", WaitingFlow), ("rules/limits.json", ReleaseApiTests.Generous)));
        var started = await ServerHarness.ReadAsync(await _server.PostJsonAsync("/hooks/waiting", """{"id":"O-1","total":50}"""));
        var instanceId = started["instanceId"]!.GetValue<string>();
        await _server.WaitForStatusAsync(instanceId, "Suspended");
        var second = await ReleaseApiTests.ReleaseAsync(_server, ReleaseApiTests.Files(null, null,
            ("workflows/waiting-flow.yaml", WaitingFlow.Replace("signal: go", "signal: ship", StringComparison.Ordinal))));
        var request = new JsonObject { ["to"] = second["id"]!.GetValue<int>(), ["workflowId"] = "waiting-flow" };

        var dryRun = await ServerHarness.ReadAsync(await _server.PostJsonAsync("/api/instances/migrate", request.ToJsonString()));
        request["dryRun"] = false;
        var real = await ServerHarness.ReadAsync(await _server.PostJsonAsync("/api/instances/migrate", request.ToJsonString()));

        Assert.True(dryRun["dryRun"]!.GetValue<bool>());
        Assert.Equal((1, 0), (dryRun["movable"]!.GetValue<int>(), dryRun["moved"]!.GetValue<int>()));
        Assert.Equal(1, real["moved"]!.GetValue<int>());
        var journal = await _server.GetJsonAsync($"/api/instances/{instanceId}/journal");
        Assert.Contains(journal["items"]!.AsArray(), e => e!["kind"]!.GetValue<string>() == "migrated");
        Assert.Equal(2, (await _server.GetJsonAsync($"/api/instances/{instanceId}"))["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task PostMigrate_IsForOpsOnly()
    {
        var analyst = _server.CreateClient(await _server.CreateKeyAsync("analyst", "analyst"));

        var response = await analyst.PostAsync("/api/instances/migrate", new StringContent("""{"to":1,"workflowId":"x"}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
