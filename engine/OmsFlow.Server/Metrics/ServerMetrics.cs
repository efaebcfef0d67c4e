using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OmsFlow.Persistence.Storage;
using OmsFlow.Server.Retention;
using OmsFlow.Workflows.Retention;
using OmsFlow.Workflows.Runtime;

namespace OmsFlow.Server.Metrics;

/// <summary>
/// Counters the server keeps in memory (instance endings, hook requests and their latency) plus gauges read from
/// the database at scrape time (instances by status, outbox backlog), rendered in Prometheus text format.
/// </summary>
public sealed partial class ServerMetrics : IDisposable
{
    private static readonly string[] LiveStatuses = [nameof(InstanceStatus.Running), nameof(InstanceStatus.Suspended), nameof(InstanceStatus.Faulted)];

    /// <summary>Upper bounds (seconds) of the hook latency histogram buckets.</summary>
    public static readonly double[] LatencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

    private readonly OmsFlowStorage _storage;
    private readonly TimeProvider _clock;
    private readonly ILogger<ServerMetrics> _logger;
    private readonly InstanceRetention _retention;
    private readonly EngineInstruments _instruments;
    private readonly long[] _ended = new long[Enum.GetValues<InstanceStatus>().Length];
    private readonly long[] _latencyCounts = new long[LatencyBuckets.Length + 1];
    private readonly Dictionary<int, long> _hookStatuses = [];
    private readonly Lock _hookLock = new();
    private long _latencyTicks;
    private long _latencyTotal;

    public ServerMetrics(WorkflowEngine engine, OmsFlowStorage storage, TimeProvider clock, ILogger<ServerMetrics> logger, InstanceRetention retention)
    {
        _retention = retention;
        ArgumentNullException.ThrowIfNull(engine);
        _storage = storage;
        _clock = clock;
        _logger = logger;
        engine.Committed += OnCommitted;
        _instruments = new EngineInstruments(engine.Metrics);
    }

    /// <summary>Counts one hook request with its status and duration.</summary>
    public void RecordHook(int status, TimeSpan elapsed)
    {
        var seconds = elapsed.TotalSeconds;
        var bucket = Array.FindIndex(LatencyBuckets, b => seconds <= b);
        Interlocked.Increment(ref _latencyCounts[bucket < 0 ? LatencyBuckets.Length : bucket]);
        Interlocked.Add(ref _latencyTicks, elapsed.Ticks);
        Interlocked.Increment(ref _latencyTotal);
        lock (_hookLock)
        {
            _hookStatuses[status] = _hookStatuses.GetValueOrDefault(status) + 1;
        }
    }

    /// <summary>The Prometheus text exposition (format 0.0.4).</summary>
    public async Task<string> RenderAsync(CancellationToken cancellationToken)
    {
        var text = new StringBuilder(2048);
        await using (var context = _storage.CreateContext())
        {
            // Only the live statuses: they are what an operator watches, and they are index ranges that stay small while
            // finished instances (and sent messages) grow into the millions until retention removes them.
            var byStatus = await context.Instances.AsNoTracking().Where(i => LiveStatuses.Contains(i.Status))
                .GroupBy(i => i.Status).Select(g => new { Status = g.Key, Count = g.Count() })
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            Header(text, "omsflow_instances", "gauge", "Instances that are not finished, by status (running, waiting, faulted with an open incident).");
            foreach (var status in LiveStatuses)
            {
                Line(text, "omsflow_instances", $"status=\"{status}\"", byStatus.FirstOrDefault(s => s.Status == status)?.Count ?? 0);
            }
            var outbox = await context.Outbox.AsNoTracking().Where(m => m.Status == "pending" || m.Status == "dead")
                .GroupBy(m => m.Status).Select(g => new { Status = g.Key, Count = g.Count() })
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            Header(text, "omsflow_outbox_messages", "gauge", "Outbox messages waiting: pending is the delivery backlog, dead the dead letters.");
            foreach (var status in new[] { "pending", "dead" })
            {
                Line(text, "omsflow_outbox_messages", $"status=\"{status}\"", outbox.FirstOrDefault(s => s.Status == status)?.Count ?? 0);
            }
            var oldest = await context.Outbox.AsNoTracking().Where(m => m.Status == "pending").MinAsync(m => (long?)m.CreatedAt, cancellationToken).ConfigureAwait(false);
            Header(text, "omsflow_outbox_oldest_pending_seconds", "gauge", "Age of the oldest undelivered outbox message.");
            Line(text, "omsflow_outbox_oldest_pending_seconds", null,
                oldest is { } at ? Math.Max(0, (_clock.GetUtcNow().ToUnixTimeMilliseconds() - at) / 1000.0) : 0);
        }
        _instruments.Write(text);
        Header(text, "omsflow_instances_ended_total", "counter", "Instances that completed, faulted or were cancelled since this process started.");
        foreach (var status in new[] { InstanceStatus.Completed, InstanceStatus.Faulted, InstanceStatus.Cancelled })
        {
            Line(text, "omsflow_instances_ended_total", $"status=\"{status}\"", Interlocked.Read(ref _ended[(int)status]));
        }
        Header(text, "omsflow_storage_commits_total", "counter", "Engine commit transactions this process wrote since it started (each holds one or more instances' commit units).");
        Line(text, "omsflow_storage_commits_total", null, _storage.Writer.Transactions);
        Header(text, "omsflow_hook_requests_total", "counter", "Hook requests by HTTP status.");
        lock (_hookLock)
        {
            foreach (var (status, count) in _hookStatuses.OrderBy(p => p.Key))
            {
                Line(text, "omsflow_hook_requests_total", $"code=\"{status}\"", count);
            }
        }
        Header(text, "omsflow_hook_request_duration_seconds", "histogram", "Hook request latency, from routing to response.");
        long cumulative = 0;
        for (var i = 0; i < LatencyBuckets.Length; i++)
        {
            cumulative += Interlocked.Read(ref _latencyCounts[i]);
            Line(text, "omsflow_hook_request_duration_seconds_bucket", $"le=\"{LatencyBuckets[i].ToString(CultureInfo.InvariantCulture)}\"", cumulative);
        }
        cumulative += Interlocked.Read(ref _latencyCounts[LatencyBuckets.Length]);
        Line(text, "omsflow_hook_request_duration_seconds_bucket", "le=\"+Inf\"", cumulative);
        Line(text, "omsflow_hook_request_duration_seconds_sum", null, TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks)).TotalSeconds);
        Line(text, "omsflow_hook_request_duration_seconds_count", null, Interlocked.Read(ref _latencyTotal));
        RetentionMetrics.Write(text, _retention.Totals);
        return text.ToString();
    }

    public void Dispose() => _instruments.Dispose();

    private void OnCommitted(InstanceOutcome outcome)
    {
        if (outcome.Status is InstanceStatus.Completed or InstanceStatus.Faulted or InstanceStatus.Cancelled)
        {
            Interlocked.Increment(ref _ended[(int)outcome.Status]);
            LogInstanceEnded(_logger, outcome.InstanceId, outcome.WorkflowId, outcome.Version, outcome.Status, outcome.Error);
        }
    }

    internal static void Header(StringBuilder text, string name, string type, string help)
        => text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n').Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    internal static void Line(StringBuilder text, string name, string? labels, double value)
    {
        text.Append(name);
        if (labels is not null)
        {
            text.Append('{').Append(labels).Append('}');
        }
        text.Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Instance {InstanceId} of {WorkflowId} v{Version} ended {Status} {Error}")]
    private static partial void LogInstanceEnded(ILogger logger, string instanceId, string workflowId, int version, InstanceStatus status, string? error);
}

/// <summary><c>GET /metrics</c> and the hook timing middleware.</summary>
internal static class MetricsEndpoints
{
    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder app)
    {
        app.MapGet("/metrics", async (ServerMetrics metrics, CancellationToken ct)
                => TypedResults.Text(await metrics.RenderAsync(ct).ConfigureAwait(false), "text/plain; version=0.0.4; charset=utf-8"))
            .WithTags("Health").WithSummary("Prometheus metrics: instances, outbox backlog, hook requests and latency.")
            .RequireAuthorization(Security.AccessPolicies.Operate);
        return app;
    }

    /// <summary>Times every request under /hooks (including rejected ones) for the latency histogram.</summary>
    public static IApplicationBuilder UseHookMetrics(this IApplicationBuilder app)
        => app.Use(async (context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments("/hooks"))
            {
                await next(context).ConfigureAwait(false);
                return;
            }
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(context).ConfigureAwait(false);
            }
            finally
            {
                context.RequestServices.GetRequiredService<ServerMetrics>().RecordHook(context.Response.StatusCode, Stopwatch.GetElapsedTime(started));
            }
        });
}
