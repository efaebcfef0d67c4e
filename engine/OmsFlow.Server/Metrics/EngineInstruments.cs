using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using OmsFlow.Workflows.Runtime;

namespace OmsFlow.Server.Metrics;

/// <summary>
/// Listens to this server's engine meter (<see cref="EngineMetrics"/>) and keeps what /metrics renders: instances
/// started since the process started, and a step-duration histogram per activity and result.
/// </summary>
internal sealed class EngineInstruments : IDisposable
{
    /// <summary>
    /// Upper bounds (seconds) of the step-duration buckets: from a rule evaluation (milliseconds) to a wait for the
    /// carrier or an approver (hours, days).
    /// </summary>
    public static readonly double[] StepBuckets = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30, 300, 3600, 86400];

    private readonly MeterListener _listener = new();
    private readonly Lock _lock = new();
    private readonly SortedDictionary<(string Activity, string Result), Histogram> _steps = [];
    private long _started;

    public EngineInstruments(EngineMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            // Other engines in the same process (tests, tools) have meters of the same name: only this one counts.
            if (ReferenceEquals(instrument.Meter, metrics.Meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _started, value));
        _listener.SetMeasurementEventCallback<double>(OnStepDuration);
        _listener.Start();
    }

    public long Started => Interlocked.Read(ref _started);

    public void Write(StringBuilder text)
    {
        ServerMetrics.Header(text, "omsflow_instances_started_total", "counter", "Instances (and child instances) this process started since it started.");
        ServerMetrics.Line(text, "omsflow_instances_started_total", null, Started);
        ServerMetrics.Header(text, "omsflow_step_duration_seconds", "histogram",
            "Time from a step's start to its completion or final fault, by activity (for a waiting step: the wait).");
        lock (_lock)
        {
            foreach (var ((activity, result), histogram) in _steps)
            {
                var labels = $"activity=\"{Escape(activity)}\",result=\"{result}\"";
                long cumulative = 0;
                for (var i = 0; i < StepBuckets.Length; i++)
                {
                    cumulative += histogram.Counts[i];
                    ServerMetrics.Line(text, "omsflow_step_duration_seconds_bucket", $"{labels},le=\"{StepBuckets[i].ToString(CultureInfo.InvariantCulture)}\"", cumulative);
                }
                ServerMetrics.Line(text, "omsflow_step_duration_seconds_bucket", $"{labels},le=\"+Inf\"", histogram.Count);
                ServerMetrics.Line(text, "omsflow_step_duration_seconds_sum", labels, histogram.Sum);
                ServerMetrics.Line(text, "omsflow_step_duration_seconds_count", labels, histogram.Count);
            }
        }
    }

    public void Dispose() => _listener.Dispose();

    private void OnStepDuration(Instrument instrument, double seconds, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        string activity = "", result = "";
        foreach (var (key, value) in tags)
        {
            if (key == "activity")
            {
                activity = value as string ?? "";
            }
            else if (key == "result")
            {
                result = value as string ?? "";
            }
        }
        var bucket = Array.FindIndex(StepBuckets, b => seconds <= b);
        lock (_lock)
        {
            if (!_steps.TryGetValue((activity, result), out var histogram))
            {
                _steps[(activity, result)] = histogram = new Histogram();
            }
            if (bucket >= 0)
            {
                histogram.Counts[bucket]++;
            }
            histogram.Count++;
            histogram.Sum += seconds;
        }
    }

    /// <summary>Label values are activity names from definitions; escape what the exposition format reserves.</summary>
    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private sealed class Histogram
    {
        public long[] Counts { get; } = new long[StepBuckets.Length];

        public long Count { get; set; }

        public double Sum { get; set; }
    }
}
