using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using OmsFlow.Server.Tests.Infrastructure;

namespace OmsFlow.Server.Tests.Workflows;

public sealed class WorkflowApiTests : IAsyncLifetime
{
    private ServerHarness _server = null!;

    public async Task InitializeAsync() => _server = await ServerHarness.StartAsync(new Dictionary<string, string>());

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private const string Draft = """
        {
          "id": "discount-approval",
          "name": "Discount approval",
          "inputs": { "discount": { "type": "decimal", "required": true } },
          "steps": {
            "check": { "activity": "If", "inputs": { "condition": "=discount > 0.2" }, "next": { "true": "ask", "false": "ok" } },
            "ask": { "activity": "HumanTask", "inputs": { "role": "approver", "title": "Approve discount" }, "next": { "approve": "ok" } },
            "ok": { "activity": "SetVariable", "inputs": { "name": "approved", "value": true } }
          },
          "variables": { "approved": { "type": "bool" } },
          "outputs": { "approved": "=approved" }
        }
        """;

    [Fact]
    public async Task Activities_ListsBuiltInsWithInputsAndOutcomes()
    {
        var response = await _server.Client.GetFromJsonAsync<JsonArray>("/api/activities");

        var ifActivity = Assert.Single(response!, a => a!["type"]!.GetValue<string>() == "If")!;
        Assert.Equal(["true", "false"], ifActivity["outcomes"]!.AsArray().Select(o => o!.GetValue<string>()));
        var condition = Assert.Single(ifActivity["inputs"]!.AsArray())!;
        Assert.Equal("condition", condition["name"]!.GetValue<string>());
        Assert.Equal("bool", condition["type"]!.GetValue<string>());
        Assert.True(condition["required"]!.GetValue<bool>());
    }

    [Fact]
    public async Task DraftPublishAndTestRun_EndToEnd()
    {
        var saved = await _server.Client.PutAsync("/api/workflows/discount-approval/draft", new StringContent(Draft, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Empty((await ServerHarness.ReadAsync(saved))["problems"]!.AsArray());

        var run = await _server.PostJsonAsync("/api/workflows/discount-approval/test-run", """{"input":{"discount":0.25}}""");
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        var result = await ServerHarness.ReadAsync(run);
        Assert.Equal("Suspended", result["status"]!.GetValue<string>());
        Assert.Equal("task", result["bookmarks"]![0]!["kind"]!.GetValue<string>());
        Assert.Contains(result["journal"]!.AsArray(), j => j!["step"]?.GetValue<string>() == "check" && j["outcome"]!.GetValue<string>() == "true");

        var published = await _server.PostJsonAsync("/api/workflows/discount-approval/publish", """{"note":"first cut"}""");
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Equal(1, (await ServerHarness.ReadAsync(published))["version"]!.GetValue<int>());

        var history = await _server.GetJsonAsync("/api/workflows/discount-approval/versions");
        var version = Assert.Single(history["items"]!.AsArray())!;
        Assert.Equal("first cut", version["note"]!.GetValue<string>());
        var detail = await _server.GetJsonAsync("/api/workflows/discount-approval");
        Assert.False(detail["hasDraft"]!.GetValue<bool>());
        Assert.Equal(1, detail["publishedVersion"]!.GetValue<int>());
    }

    [Fact]
    public async Task Publish_InvalidDocument_Is422WithProblemsAndNothingPublished()
    {
        var broken = Draft.Replace("\"next\": { \"approve\": \"ok\" }", "\"next\": { \"approve\": \"okay\" }", StringComparison.Ordinal);
        await _server.Client.PutAsync("/api/workflows/discount-approval/draft", new StringContent(broken, Encoding.UTF8, "application/json"));

        var response = await _server.PostJsonAsync("/api/workflows/discount-approval/publish", "{}");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problems = (await ServerHarness.ReadAsync(response))["problems"]!.AsArray();
        var unknown = Assert.Single(problems, p => p!["step"]?.GetValue<string>() == "ask" && p["severity"]!.GetValue<string>() == "error")!;
        Assert.Contains("okay", unknown["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(unknown["line"]);
        var detail = await _server.GetJsonAsync("/api/workflows/discount-approval");
        Assert.Null(detail["publishedVersion"]);
        Assert.True(detail["hasDraft"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Validate_YamlSyntaxError_ReportsLineAndColumn()
    {
        var response = await _server.Client.PostAsync("/api/workflows/validate", new StringContent("id: x\nsteps:\n  a: { activity: If\n", Encoding.UTF8, "application/yaml"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var problem = (await ServerHarness.ReadAsync(response))["problems"]![0]!;
        Assert.Equal("error", problem["severity"]!.GetValue<string>());
        Assert.True(problem["line"]!.GetValue<int>() >= 3);
    }
}
