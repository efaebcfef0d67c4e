using System.Diagnostics.Metrics;
using OmsFlow.Persistence.Records;

namespace OmsFlow.Workflows.Runtime;

/// <summary>
/// The engine's instruments (a <see cref="System.Diagnostics.Metrics.Meter"/> named <c>OmsFlow.Workflows</c>, one per
/// engine): instances started and how long each step took, recorded only once the commit that holds them is durable,
/// so a unit re-run after a conflict or a crash is not counted twice.
/// </summary>
/// <remarks>
/// A step's duration runs from the moment it started to the moment it completed or faulted for good: for a waiting
/// step (a hook, a timer, a human task) that is the wait itself, which is what "how long do orders sit at the carrier"
/// asks. The server renders these for Prometheus; an OpenTelemetry exporter can listen to the meter by name.
/// </remarks>
public sealed class EngineMetrics : IDisposable
{
    /// <summary>The meter name listeners subscribe to.</summary>
    public const string MeterName = "OmsFlow.Workflows";

    private readonly Counter<long> _started;
    private readonly Histogram<double> _stepDuration;

    internal EngineMetrics()
    {
        Meter = new Meter(MeterName);
        _started = Meter.CreateCounter<long>("omsflow.instances.started", "{instance}", "Instances started.");
        _stepDuration = Meter.CreateHistogram<double>("omsflow.step.duration", "s", "Time from a step's start to its completion or final fault.");
    }

    /// <summary>This engine's meter (listeners tell engines in one process apart by reference).</summary>
    public Meter Meter { get; }

    /// <summary>Publishes what a just-committed unit of <paramref name="execution"/> did, with the child instances it started.</summary>
    internal void RecordCommitted(InstanceExecution execution, IEnumerable<InstanceRecord> children)
    {
        if (execution.StartedInUnit)
        {
            _started.Add(1, new KeyValuePair<string, object?>("workflow", execution.Definition.Id));
        }
        foreach (var child in children)
        {
            _started.Add(1, new KeyValuePair<string, object?>("workflow", child.WorkflowId));
        }
        foreach (var step in execution.StepTimings)
        {
            _stepDuration.Record(step.Milliseconds / 1000.0,
                new KeyValuePair<string, object?>("activity", step.Activity), new KeyValuePair<string, object?>("result", step.Result));
        }
        execution.ClearMeasurements();
    }

    public void Dispose() => Meter.Dispose();
}

/// <summary>One step that completed or faulted for good in a unit: its activity and how long it took.</summary>
internal readonly record struct StepTiming(string Activity, string Result, long Milliseconds);
