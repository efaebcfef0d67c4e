using System.Net;
using OmsFlow.Server.Tests.Infrastructure;

namespace OmsFlow.Server.Tests.Instances;

public sealed class InstanceApiTests : IAsyncLifetime
{
    private const string Approval = """
        id: approval
        triggers:
          - hook: approvals
            correlation: =orderId
        inputs:
          orderId: { type: string, required: true }
        steps:
          reserve:
            activity: SetVariable
            inputs: { name: reserved, value: true }
            compensate: release
            next: ask
          ask:
            activity: HumanTask
            inputs: { role: approver, title: '="Approve order " + orderId', outcomes: [approve, reject] }
            next: { approve: confirm, reject: refuse }
          confirm:
            activity: WaitForSignal
            inputs: { signal: confirmed }
          refuse:
            activity: Fault
            inputs: { message: Rejected by approver }
          release:
            activity: SetVariable
            inputs: { name: reserved, value: false }
        variables:
          reserved: bool
        """;

    private ServerHarness _server = null!;

    public async Task InitializeAsync() => _server = await ServerHarness.StartAsync(new Dictionary<string, string> { ["approval.yaml"] = Approval });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<string> StartAsync(string orderId)
    {
        var response = await _server.PostJsonAsync("/hooks/approvals", $$"""{"orderId":"{{orderId}}"}""");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await ServerHarness.ReadAsync(response))["instanceId"]!.GetValue<string>();
        await _server.WaitForStatusAsync(id, "Suspended");
        return id;
    }

    [Fact]
    public async Task TaskInbox_ApproveThenSignal_Completes()
    {
        var id = await StartAsync("A-1");
        var tasks = await _server.GetJsonAsync("/api/tasks?role=approver");
        var task = Assert.Single(tasks["items"]!.AsArray(), t => t!["instanceId"]!.GetValue<string>() == id)!;
        Assert.Equal("Approve order A-1", task["title"]!.GetValue<string>());

        var wrong = await _server.PostJsonAsync($"/api/tasks/{task["id"]}/complete", """{"outcome":"maybe"}""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        var done = await _server.PostJsonAsync($"/api/tasks/{task["id"]}/complete", """{"outcome":"approve","comment":"fine"}""");
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var again = await _server.PostJsonAsync($"/api/tasks/{task["id"]}/complete", """{"outcome":"approve"}""");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);

        var signalled = await _server.PostJsonAsync($"/api/instances/{id}/signals/confirmed", "{}");
        Assert.Equal(HttpStatusCode.OK, signalled.StatusCode);
        Assert.Equal("Completed", (await _server.WaitForStatusAsync(id, "Completed"))["status"]!.GetValue<string>());

        var journal = await _server.GetJsonAsync($"/api/instances/{id}/journal");
        Assert.Contains(journal["items"]!.AsArray(), j => j!["step"]?.GetValue<string>() == "ask" && j["outcome"]?.GetValue<string>() == "approve");
    }

    [Fact]
    public async Task Reject_FaultsAndCompensates_ListedWithIncident()
    {
        var id = await StartAsync("A-2");
        var task = (await _server.GetJsonAsync("/api/tasks?role=approver"))["items"]!.AsArray().Single(t => t!["instanceId"]!.GetValue<string>() == id)!;

        await _server.PostJsonAsync($"/api/tasks/{task["id"]}/complete", """{"outcome":"reject"}""");

        var instance = await _server.WaitForStatusAsync(id, "Faulted");
        Assert.False(instance["variables"]!["reserved"]!.GetValue<bool>());
        Assert.Contains("Rejected by approver", instance["incidents"]![0]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        var faulted = await _server.GetJsonAsync("/api/instances?status=faulted&workflowId=approval");
        Assert.Contains(faulted["items"]!.AsArray(), i => i!["id"]!.GetValue<string>() == id);
    }

    [Fact]
    public async Task Cancel_SuspendedInstance_RunsCompensation()
    {
        var id = await StartAsync("A-3");

        var response = await _server.PostJsonAsync($"/api/instances/{id}/cancel", """{"reason":"customer cancelled"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var instance = await _server.GetJsonAsync($"/api/instances/{id}");
        Assert.Equal("Cancelled", instance["status"]!.GetValue<string>());
        Assert.False(instance["variables"]!["reserved"]!.GetValue<bool>());
        Assert.Empty(instance["bookmarks"]!.AsArray());
        var twice = await _server.PostJsonAsync($"/api/instances/{id}/cancel", "{}");
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
    }

    [Fact]
    public async Task Signal_NotAwaited_Is409_UnknownInstanceIs404()
    {
        var id = await StartAsync("A-4");

        Assert.Equal(HttpStatusCode.Conflict, (await _server.PostJsonAsync($"/api/instances/{id}/signals/nothing", "{}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _server.Client.GetAsync("/api/instances/does-not-exist")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _server.Client.GetAsync("/api/instances?status=sleeping")).StatusCode);
    }
}
