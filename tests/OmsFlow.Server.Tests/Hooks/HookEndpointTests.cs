using System.Net;
using System.Text;
using OmsFlow.Server.Tests.Infrastructure;

namespace OmsFlow.Server.Tests.Hooks;

public sealed class HookEndpointTests : IAsyncLifetime
{
    private const string OrderFlow = """
        id: hook-order
        triggers:
          - hook: intake
            input: order
            correlation: =order.id
        inputs:
          order: { type: object, required: true }
        outputs:
          orderId: =order.id
          carrier: '=steps["wait-ship"].output.carrier'
        steps:
          wait-ship:
            activity: WaitForHook
            inputs: { path: parcels }
            next: done
          done:
            activity: SetVariable
            inputs: { name: shipped, value: true }
        variables:
          shipped: bool
        """;

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

    private ServerHarness _server = null!;

    public async Task InitializeAsync()
        => _server = await ServerHarness.StartAsync(new Dictionary<string, string> { ["order.yaml"] = OrderFlow, ["quick.yaml"] = QuickFlow });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task PostHook_StartsWorkflow_AndKeyedHookResumesIt()
    {
        var accepted = await _server.PostJsonAsync("/hooks/intake", """{"id":"SO-1001","lines":[{"sku":"A","qty":1}]}""");
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var instanceId = (await ServerHarness.ReadAsync(accepted))["instanceId"]!.GetValue<string>();
        var waiting = await _server.WaitForStatusAsync(instanceId, "Suspended");
        Assert.Equal("SO-1001", waiting["correlationKey"]!.GetValue<string>());
        Assert.Contains(waiting["bookmarks"]!.AsArray(), b => b!["kind"]!.GetValue<string>() == "hook");

        var resumed = await _server.PostJsonAsync("/hooks/parcels/SO-1001", """{"carrier":"UPS","trackingNumber":"1Z999"}""");

        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        var done = await _server.WaitForStatusAsync(instanceId, "Completed");
        Assert.Equal("Completed", done["status"]!.GetValue<string>());
        Assert.Equal("UPS", done["outputs"]!["carrier"]!.GetValue<string>());
    }

    [Fact]
    public async Task PostHook_WaitTrue_ReturnsOutputs()
    {
        var response = await _server.PostJsonAsync("/hooks/quick?wait=true", """{"a":21}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ServerHarness.ReadAsync(response);
        Assert.Equal("Completed", body["status"]!.GetValue<string>());
        Assert.Equal(42, body["outputs"]!["doubled"]!.GetValue<int>());
    }

    [Fact]
    public async Task PostHook_UnknownPath_Is404ProblemNamingThePath()
    {
        var response = await _server.PostJsonAsync("/hooks/nowhere", "{}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("/hooks/nowhere", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostHook_MalformedJson_Is400WithPosition()
    {
        var response = await _server.PostJsonAsync("/hooks/quick", "{\"a\": 1,,}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await ServerHarness.ReadAsync(response))["detail"]!.GetValue<string>();
        Assert.Contains("line 1", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostHook_WrongContentType_Is415()
    {
        var response = await _server.Client.PostAsync("/hooks/quick", new StringContent("a=1", Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task PostHook_MissingCorrelationValue_Is422NamingTheField()
    {
        var response = await _server.PostJsonAsync("/hooks/intake", """{"lines":[]}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("order.id", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthReady_AnswersOnceEngineRuns()
    {
        var response = await _server.Client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
