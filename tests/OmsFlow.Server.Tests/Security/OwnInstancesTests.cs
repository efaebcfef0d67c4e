using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OmsFlow.Server.Tests.Infrastructure;

namespace OmsFlow.Server.Tests.Security;

/// <summary>
/// Integrator keys read only the instances they started (by hook or event); for any other instance they get 404, as if
/// it did not exist. Analyst, ops and admin keys read every instance.
/// </summary>
public sealed class OwnInstancesTests(OwnInstancesTests.World world) : IClassFixture<OwnInstancesTests.World>
{
    /// <summary>Two integrators (i1, i2), each with an instance it started by hook and one by event; admin started one too.</summary>
    public sealed class World : IAsyncLifetime
    {
        private const string Approval = """
            id: approval
            triggers:
              - hook: approvals
                correlation: =orderId
              - event: approval-requested
                correlation: =input.orderId
            inputs:
              orderId: { type: string, required: true }
            steps:
              ask: { activity: HumanTask, inputs: { role: approver, title: '="Approve " + orderId' } }
            """;

        public ServerHarness Server { get; private set; } = null!;

        public Dictionary<string, HttpClient> Clients { get; } = new(StringComparer.Ordinal);

        /// <summary>Who started each instance: caller name to its instance ids (hook start first, then event start).</summary>
        public Dictionary<string, List<string>> Started { get; } = new(StringComparer.Ordinal);

        public async Task InitializeAsync()
        {
            Server = await ServerHarness.StartAsync(new Dictionary<string, string> { ["approval.yaml"] = Approval });
            foreach (var (name, roles) in new[] { ("i1", new[] { "integrator" }), ("i2", ["integrator"]), ("analyst", ["analyst"]), ("ops", ["ops"]), ("ops-integrator", ["ops", "integrator"]) })
            {
                Clients[name] = Server.CreateClient(await Server.CreateKeyAsync($"{name}-key", roles));
            }
            Clients["admin"] = Server.Client;
            foreach (var caller in new[] { "i1", "i2", "admin" })
            {
                var viaHook = await Clients[caller].PostAsync("/hooks/approvals", Json($$"""{"orderId":"{{caller}}-hook"}"""));
                Assert.Equal(HttpStatusCode.Accepted, viaHook.StatusCode);
                var viaEvent = await Clients[caller].PostAsync("/api/events/approval-requested", Json($$"""{"orderId":"{{caller}}-event"}"""));
                Assert.Equal(HttpStatusCode.Accepted, viaEvent.StatusCode);
                Started[caller] =
                [
                    (await ServerHarness.ReadAsync(viaHook))["instanceId"]!.GetValue<string>(),
                    (await ServerHarness.ReadAsync(viaEvent))["started"]![0]!["instanceId"]!.GetValue<string>(),
                ];
            }
            foreach (var id in Started.Values.SelectMany(ids => ids))
            {
                Assert.Equal("Suspended", (await Server.WaitForStatusAsync(id, "Suspended"))["status"]!.GetValue<string>());
            }
        }

        public async Task DisposeAsync()
        {
            foreach (var (name, client) in Clients)
            {
                if (name != "admin")
                {
                    client.Dispose();
                }
            }
            await Server.DisposeAsync();
        }

        public IEnumerable<string> All => Started.Values.SelectMany(ids => ids);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<JsonObject> GetAsync(string caller, string path)
    {
        var response = await world.Clients[caller].GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} as {caller} -> {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    private async Task<HashSet<string>> ListedInstancesAsync(string caller)
    {
        var list = await GetAsync(caller, "/api/instances?pageSize=500");
        return [.. list["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>())];
    }

    [Theory]
    [InlineData("i1")]
    [InlineData("i2")]
    public async Task InstanceList_ForIntegrator_HoldsOnlyTheInstancesItsKeyStarted(string caller)
    {
        var listed = await ListedInstancesAsync(caller);

        Assert.Equal(world.Started[caller].Order(), listed.Order());
        var total = (await GetAsync(caller, "/api/instances"))["total"]!.GetValue<int>();
        Assert.Equal(2, total);
    }

    [Theory]
    [InlineData("analyst")]
    [InlineData("ops")]
    [InlineData("admin")]
    [InlineData("ops-integrator")]
    public async Task InstanceList_ForOtherRoles_HoldsEveryInstance(string caller)
    {
        var listed = await ListedInstancesAsync(caller);

        Assert.Superset(world.All.ToHashSet(), listed);
    }

    [Theory]
    [InlineData("/api/instances/{0}")]
    [InlineData("/api/instances/{0}/journal")]
    [InlineData("/api/documents?instanceId={0}")]
    public async Task InstanceRead_OfAnotherKeysInstance_Is404ForIntegrator_200ForOthers(string template)
    {
        foreach (var (owner, ids) in world.Started)
        {
            foreach (var id in ids)
            {
                var path = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, id);
                foreach (var caller in new[] { "i1", "i2", "analyst", "ops", "admin", "ops-integrator" })
                {
                    var response = await world.Clients[caller].GetAsync(path);
                    var visible = caller is not ("i1" or "i2") || caller == owner;
                    Assert.True(response.StatusCode == (visible ? HttpStatusCode.OK : HttpStatusCode.NotFound),
                        $"GET {path} (started by {owner}) as {caller} -> {(int)response.StatusCode}, expected {(visible ? 200 : 404)}");
                    if (!visible)
                    {
                        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                    }
                }
            }
        }
    }

    [Fact]
    public async Task HiddenInstance_AnswersExactlyLikeAMissingOne()
    {
        var hidden = await world.Clients["i1"].GetAsync($"/api/instances/{world.Started["i2"][0]}");
        var missing = await world.Clients["i1"].GetAsync("/api/instances/no-such-instance");

        Assert.Equal(missing.StatusCode, hidden.StatusCode);
        var hiddenDetail = JsonNode.Parse(await hidden.Content.ReadAsStringAsync())!["detail"]!.GetValue<string>();
        var missingDetail = JsonNode.Parse(await missing.Content.ReadAsStringAsync())!["detail"]!.GetValue<string>();
        Assert.Equal(missingDetail.Replace("no-such-instance", "ID", StringComparison.Ordinal), hiddenDetail.Replace(world.Started["i2"][0], "ID", StringComparison.Ordinal));
    }

    [Fact]
    public async Task InstanceList_ForIntegrator_FiltersStillApplyWithinItsOwn()
    {
        var mine = await GetAsync("i1", "/api/instances?correlationKey=i1-event");
        var theirs = await GetAsync("i1", "/api/instances?correlationKey=i2-event");

        Assert.Equal(world.Started["i1"][1], Assert.Single(mine["items"]!.AsArray())!["id"]!.GetValue<string>());
        Assert.Empty(theirs["items"]!.AsArray());
    }

    [Theory]
    [InlineData("i1")]
    [InlineData("i2")]
    public async Task TaskInbox_ForIntegrator_IsForbidden_ItsOwnInstanceShowsTheTaskItWaitsOn(string caller)
    {
        var inbox = await world.Clients[caller].GetAsync("/api/tasks");
        Assert.Equal(HttpStatusCode.Forbidden, inbox.StatusCode);

        foreach (var id in world.Started[caller])
        {
            var instance = await GetAsync(caller, $"/api/instances/{id}");
            var task = Assert.Single(instance["bookmarks"]!.AsArray(), b => b!["kind"]!.GetValue<string>() == "task")!;
            Assert.Equal("approver", task["payload"]!["role"]!.GetValue<string>());
        }
    }

    [Theory]
    [InlineData("ops")]
    [InlineData("analyst")]
    [InlineData("ops-integrator")]
    public async Task TaskInbox_ForOperationsRoles_HoldsEveryInstancesTasks(string caller)
    {
        var tasks = await TaskInstancesAsync(caller);

        Assert.Superset(world.All.ToHashSet(), tasks);
    }

    private async Task<HashSet<string>> TaskInstancesAsync(string caller)
        => [.. (await GetAsync(caller, "/api/tasks"))["items"]!.AsArray().Select(t => t!["instanceId"]!.GetValue<string>())];
}
