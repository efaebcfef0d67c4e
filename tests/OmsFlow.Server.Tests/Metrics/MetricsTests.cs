using System.Globalization;
using System.Net;
using OmsFlow.Server.Tests.Infrastructure;

namespace OmsFlow.Server.Tests.Metrics;

public sealed class MetricsTests : IAsyncLifetime
{
    private const string Flows = """
        id: m
        triggers:
          - hook: m
        inputs:
          fail: { type: bool }
        steps:
          check: { activity: If, inputs: { condition: =fail }, next: { true: boom, false: fine } }
          boom: { activity: Fault, inputs: { message: requested } }
          fine: { activity: SetVariable, inputs: { name: ok, value: true } }
        variables:
          ok: bool
        """;

    private ServerHarness _server = null!;

    public async Task InitializeAsync() => _server = await ServerHarness.StartAsync(new Dictionary<string, string> { ["m.yaml"] = Flows });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static double Value(string metrics, string series)
    {
        var line = metrics.Split('\n').SingleOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        Assert.True(line is not null, $"'{series}' is missing from:\n{metrics}");
        return double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Metrics_CountInstancesHooksAndOutbox_InPrometheusText()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await _server.PostJsonAsync("/hooks/m?wait=true", """{"fail":false}""")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await _server.PostJsonAsync("/hooks/m?wait=true", """{"fail":true}""")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _server.PostJsonAsync("/hooks/nothing-here", "{}")).StatusCode);

        var response = await _server.Client.GetAsync("/metrics");
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var metrics = await response.Content.ReadAsStringAsync();
        Assert.Equal(4, Value(metrics, "omsflow_instances_started_total"));
        // The gauge holds live instances only; finished ones are counted by the ended counters.
        Assert.Equal(1, Value(metrics, "omsflow_instances{status=\"Faulted\"}"));
        Assert.Equal(0, Value(metrics, "omsflow_instances{status=\"Running\"}"));
        Assert.DoesNotContain("omsflow_instances{status=\"Completed\"}", metrics, StringComparison.Ordinal);
        // Step latency per activity and result, as a Prometheus histogram.
        Assert.Equal(4, Value(metrics, "omsflow_step_duration_seconds_count{activity=\"If\",result=\"completed\"}"));
        Assert.Equal(3, Value(metrics, "omsflow_step_duration_seconds_count{activity=\"SetVariable\",result=\"completed\"}"));
        Assert.Equal(1, Value(metrics, "omsflow_step_duration_seconds_count{activity=\"Fault\",result=\"faulted\"}"));
        Assert.Equal(3, Value(metrics, "omsflow_step_duration_seconds_bucket{activity=\"SetVariable\",result=\"completed\",le=\"+Inf\"}"));
        Assert.Contains("# TYPE omsflow_step_duration_seconds histogram", metrics, StringComparison.Ordinal);
        Assert.Equal(3, Value(metrics, "omsflow_instances_ended_total{status=\"Completed\"}"));
        Assert.Equal(1, Value(metrics, "omsflow_instances_ended_total{status=\"Faulted\"}"));
        Assert.Equal(4, Value(metrics, "omsflow_hook_requests_total{code=\"200\"}"));
        Assert.Equal(1, Value(metrics, "omsflow_hook_requests_total{code=\"404\"}"));
        Assert.Equal(5, Value(metrics, "omsflow_hook_request_duration_seconds_count"));
        Assert.Equal(5, Value(metrics, "omsflow_hook_request_duration_seconds_bucket{le=\"+Inf\"}"));
        Assert.Equal(0, Value(metrics, "omsflow_outbox_messages{status=\"dead\"}"));
        Assert.Contains("# TYPE omsflow_hook_request_duration_seconds histogram", metrics, StringComparison.Ordinal);
    }
}
