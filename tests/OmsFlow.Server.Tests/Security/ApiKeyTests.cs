using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using OmsFlow.Server.Tests.Infrastructure;

namespace OmsFlow.Server.Tests.Security;

public sealed class ApiKeyTests : IAsyncLifetime
{
    private ServerHarness _server = null!;

    public async Task InitializeAsync() => _server = await ServerHarness.StartAsync(new Dictionary<string, string>());

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Me_ReturnsNameAndRolesOfTheCallingKey()
    {
        using var client = _server.CreateClient(await _server.CreateKeyAsync("warehouse-bot", "ops", "integrator"));
        var me = await ServerHarness.ReadAsync(await client.GetAsync("/api/me"));
        Assert.Equal("warehouse-bot", me["name"]!.GetValue<string>());
        Assert.Equal(["ops", "integrator"], me["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    [Fact]
    public async Task XApiKeyHeader_AuthenticatesLikeBearer()
    {
        var key = await _server.CreateKeyAsync("header-user", "analyst");
        using var client = _server.CreateClient(null);
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task RevokedKey_StopsWorkingAtOnce_AndListNeverShowsKeys()
    {
        var created = await _server.Client.PostAsJsonAsync("/api/keys", new { name = "temp", roles = new[] { "analyst" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await ServerHarness.ReadAsync(created);
        var key = body["key"]!.GetValue<string>();
        var id = body["id"]!.GetValue<string>();
        Assert.StartsWith("omsf_", key, StringComparison.Ordinal);
        using var client = _server.CreateClient(key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);

        var list = await _server.Client.GetStringAsync("/api/keys");
        Assert.Contains(id, list, StringComparison.Ordinal);
        Assert.DoesNotContain(key, list, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await _server.Client.DeleteAsync($"/api/keys/{id}")).StatusCode);
        var denied = await client.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
        Assert.Contains("revoked", await denied.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _server.Client.DeleteAsync($"/api/keys/{id}")).StatusCode);
    }

    [Fact]
    public async Task CreateKey_UnknownRole_Is400NamingTheValidRoles()
    {
        var response = await _server.Client.PostAsJsonAsync("/api/keys", new { name = "x", roles = new[] { "root" } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ServerHarness.ReadAsync(response);
        Assert.Equal("roles", problem["field"]!.GetValue<string>());
        Assert.Contains("analyst, ops, integrator, admin", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditLog_RecordsKeyChangesAndDeploymentsWithTheActor()
    {
        var opsKey = await _server.CreateKeyAsync("release-manager", "ops", "analyst");
        using var ops = _server.CreateClient(opsKey);
        const string Yaml = """
            id: audited
            steps:
              only: { activity: SetVariable, inputs: { name: x, value: 1 } }
            variables:
              x: int
            """;
        var saved = await ops.PutAsync("/api/workflows/audited/draft", new StringContent(Yaml, Encoding.UTF8, "application/yaml"));
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        var published = await ops.PostAsync("/api/workflows/audited/publish", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.True(published.IsSuccessStatusCode, await published.Content.ReadAsStringAsync());

        var audit = JsonNode.Parse(await _server.Client.GetStringAsync("/api/audit"))!.AsArray();
        var actions = audit.Select(e => (Action: e!["action"]!.GetValue<string>(), Actor: e["actor"]!.GetValue<string>(), Target: e["target"]?.GetValue<string>())).ToList();
        Assert.Contains(actions, a => a.Action == "key.create" && a.Actor.StartsWith("bootstrap-admin", StringComparison.Ordinal));
        Assert.Contains(actions, a => a is { Action: "workflow.draft.save", Target: "audited" } && a.Actor.StartsWith("release-manager", StringComparison.Ordinal));
        Assert.Contains(actions, a => a is { Action: "workflow.publish", Target: "audited" } && a.Actor.StartsWith("release-manager", StringComparison.Ordinal));
        // Denied or failed requests change nothing and are not audited.
        var before = audit.Count;
        await ops.PostAsync("/api/workflows/missing/publish", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(before, JsonNode.Parse(await _server.Client.GetStringAsync("/api/audit"))!.AsArray().Count);
    }

    [Fact]
    public async Task RateLimit_PerKey_Answers429ProblemWithRetryAfter()
    {
        await using var limited = await ServerHarness.StartAsync(new Dictionary<string, string>(), "--RateLimit:PermitsPerSecond=1", "--RateLimit:Burst=3");
        var key = await limited.CreateKeyAsync("chatty", "integrator");
        using var chatty = limited.CreateClient(key);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            statuses.Add((await chatty.GetAsync("/api/me")).StatusCode);
        }
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        var rejected = await chatty.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
        Assert.True(rejected.Headers.RetryAfter is not null);
        Assert.Equal("application/problem+json", rejected.Content.Headers.ContentType?.MediaType);
        // Another key has its own budget.
        using var other = limited.CreateClient(await limited.CreateKeyAsync("quiet", "analyst"));
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/me")).StatusCode);
    }
}
