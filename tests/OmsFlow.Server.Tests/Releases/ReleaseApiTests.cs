using System.Net;
using System.Text.Json.Nodes;
using OmsFlow.Server.Tests.Infrastructure;

namespace OmsFlow.Server.Tests.Releases;

public sealed class ReleaseApiTests : IAsyncLifetime
{
    internal const string Flow = """
        id: limit-flow
        triggers:
          - hook: limits
            input: order
        inputs:
          order: { type: object, required: true }
        outputs:
          passed: =steps.check.output.isSuccess
          version: =steps.check.output.version
        steps:
          check:
            activity: RunRules
            inputs: { ruleSet: limits, workflow: Limits, inputs: { order: =order } }
        """;

    internal const string Generous = """[{"WorkflowName":"Limits","Rules":[{"RuleName":"Small","Expression":"order.total < 100"}]}]""";

    internal const string Strict = """[{"WorkflowName":"Limits","Rules":[{"RuleName":"Small","Expression":"order.total < 10"}]}]""";

    private ServerHarness _server = null!;

    public async Task InitializeAsync() => _server = await ServerHarness.StartAsync(new Dictionary<string, string>());

    public async Task DisposeAsync() => await _server.DisposeAsync();

    internal static string Files(string? note, string? activateAt, params (string Path, string Content)[] files) => new JsonObject
    {
        ["note"] = note,
        ["activateAt"] = activateAt,
        ["files"] = new JsonArray([.. files.Select(f => (JsonNode)new JsonObject { ["path"] = f.Path, ["content"] = f.Content })]),
    }.ToJsonString();

    internal static async Task<JsonObject> ReleaseAsync(ServerHarness server, string body, HttpStatusCode expected = HttpStatusCode.Created)
    {
        var response = await server.PostJsonAsync("/api/releases", body);
        var json = await ServerHarness.ReadAsync(response);
        Assert.True(expected == response.StatusCode, $"{(int)response.StatusCode}: {json}");
        return json;
    }

    private async Task<(bool Passed, int Version)> PlaceOrderAsync(int total)
    {
        var response = await _server.PostJsonAsync("/hooks/limits?wait=true", $$"""{"total":{{total}}}""");
        var body = await ServerHarness.ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        return (body["outputs"]!["passed"]!.GetValue<bool>(), body["outputs"]!["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task PostRelease_FilesOfSeveralKinds_ReleasesThemTogether_AndNewOrdersUseThem()
    {
        var release = await ReleaseAsync(_server, Files("limits for orders", null, ("workflows/limit-flow.yaml", Flow), ("rules/limits.json", Generous)));

        Assert.Equal("active", release["state"]!.GetValue<string>());
        Assert.Equal("limits for orders", release["note"]!.GetValue<string>());
        Assert.Contains("admin", release["createdBy"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(2, release["changed"]!.AsArray().Count);
        Assert.All(release["items"]!.AsArray(), i => Assert.Equal(64, i!["hash"]!.GetValue<string>().Length));
        Assert.Equal((true, 1), await PlaceOrderAsync(50));
        var list = await _server.GetJsonAsync("/api/releases");
        Assert.Equal(release["id"]!.GetValue<int>(), Assert.Single(list["items"]!.AsArray())!["id"]!.GetValue<int>());
    }

    [Fact]
    public async Task PostRelease_Multipart_FilesNamedByTheirPath_ReleasesThem()
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(Flow), "file", "workflows/limit-flow.yaml" },
            { new StringContent(Generous), "file", "rules/limits.json" },
            { new StringContent("from a form"), "note" },
        };

        var response = await _server.Client.PostAsync("/api/releases", form);

        var release = await ServerHarness.ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.Created, release.ToJsonString());
        Assert.Equal("from a form", release["note"]!.GetValue<string>());
        Assert.Equal(["rules:limits", "workflow:limit-flow"], release["changed"]!.AsArray().Select(i => $"{i!["kind"]}:{i["id"]}"));
        Assert.Equal((true, 1), await PlaceOrderAsync(50));
    }

    [Fact]
    public async Task PostRelease_OneFileWithErrors_ReleasesNothing_AndTheProblemNamesFileLineAndColumn()
    {
        var broken = Flow.Replace("activity: RunRules", "activity: RunRulez", StringComparison.Ordinal);

        var response = await _server.PostJsonAsync("/api/releases", Files(null, null, ("rules/limits.json", Generous), ("workflows/limit-flow.yaml", broken)));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await ServerHarness.ReadAsync(response);
        Assert.Contains("workflows/limit-flow.yaml:", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var first = problem["problems"]!.AsArray().First(p => p!["severity"]!.GetValue<string>() == "error")!;
        Assert.Equal("workflows/limit-flow.yaml", first["file"]!.GetValue<string>());
        Assert.True(first["line"]!.GetValue<int>() > 0);
        Assert.True(first["column"]!.GetValue<int>() > 0);
        Assert.Empty((await _server.GetJsonAsync("/api/releases"))["items"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, (await _server.Client.GetAsync("/api/rules/limits")).StatusCode);
    }

    [Fact]
    public async Task PostRelease_PathLeavingTheFolder_IsRefused()
    {
        var response = await _server.PostJsonAsync("/api/releases", Files(null, null, ("../rules/limits.json", Generous)));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("without '..'", (await ServerHarness.ReadAsync(response))["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostRelease_ActivateAtInTheFuture_IsScheduledAndTheCurrentSetStaysActive()
    {
        await ReleaseAsync(_server, Files("now", null, ("workflows/limit-flow.yaml", Flow), ("rules/limits.json", Generous)));

        var scheduled = await ReleaseAsync(_server, Files("black friday", DateTimeOffset.UtcNow.AddDays(3).ToString("O"), ("rules/limits.json", Strict)));

        Assert.Equal("scheduled", scheduled["state"]!.GetValue<string>());
        Assert.Equal((true, 1), await PlaceOrderAsync(50));
        Assert.NotEqual(scheduled["id"]!.GetValue<int>(), (await _server.GetJsonAsync("/api/releases/active"))["id"]!.GetValue<int>());
    }

    [Fact]
    public async Task Rollback_MakesTheEarlierSetActiveForNewOrders()
    {
        var first = await ReleaseAsync(_server, Files("generous", null, ("workflows/limit-flow.yaml", Flow), ("rules/limits.json", Generous)));
        await ReleaseAsync(_server, Files("strict", null, ("rules/limits.json", Strict)));
        Assert.Equal((false, 2), await PlaceOrderAsync(50));

        var response = await _server.PostJsonAsync($"/api/releases/{first["id"]}/rollback", """{"note":"strict limits blocked real orders"}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var rollback = await ServerHarness.ReadAsync(response);
        Assert.Equal(first["id"]!.GetValue<int>(), rollback["rollbackOf"]!.GetValue<int>());
        Assert.Equal((true, 1), await PlaceOrderAsync(50));
        var unknown = await _server.PostJsonAsync("/api/releases/99/rollback", "{}");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var active = await _server.PostJsonAsync($"/api/releases/{rollback["id"]}/rollback", "{}");
        Assert.Equal(HttpStatusCode.Conflict, active.StatusCode);
    }

    [Fact]
    public async Task ExportThenImport_IntoASecondServer_SameHashes_SecondImportIsANoOp()
    {
        var release = await ReleaseAsync(_server, Files("staging", null, ("workflows/limit-flow.yaml", Flow), ("rules/limits.json", Generous)));
        var bundle = await (await _server.Client.GetAsync($"/api/releases/{release["id"]}/export")).Content.ReadAsStringAsync();
        await using var production = await ServerHarness.StartAsync(new Dictionary<string, string>());

        var imported = await production.PostJsonAsync("/api/releases/import", bundle);
        var again = await production.PostJsonAsync("/api/releases/import", bundle);

        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var first = await ServerHarness.ReadAsync(imported);
        var second = await ServerHarness.ReadAsync(again);
        Assert.Equal(Hashes(release), Hashes(first));
        Assert.Equal(first["id"]!.GetValue<int>(), second["id"]!.GetValue<int>());
        Assert.False(second["created"]!.GetValue<bool>());
        Assert.Single((await production.GetJsonAsync("/api/releases"))["items"]!.AsArray());
    }

    [Fact]
    public async Task PostRelease_NeedsOpsOrAdmin()
    {
        var analyst = _server.CreateClient(await _server.CreateKeyAsync("analyst", "analyst"));
        var ops = _server.CreateClient(await _server.CreateKeyAsync("ops", "ops"));
        var body = Files(null, null, ("rules/limits.json", Generous));

        var denied = await analyst.PostAsync("/api/releases", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var allowed = await ops.PostAsync("/api/releases", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync("/api/releases")).StatusCode);
    }

    private static List<string> Hashes(JsonObject release)
        => [.. release["items"]!.AsArray().Select(i => $"{i!["kind"]}:{i["id"]}:{i["hash"]}")];
}
