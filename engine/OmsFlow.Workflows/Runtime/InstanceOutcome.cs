using System.Text.Json.Nodes;

namespace OmsFlow.Workflows.Runtime;

/// <summary>Where an instance stands after the engine ran it: status, outputs, error.</summary>
public sealed record InstanceOutcome(string InstanceId, string WorkflowId, int Version, InstanceStatus Status, JsonObject? Outputs, string? Error)
{
    internal static InstanceOutcome From(InstanceExecution execution)
        => new(execution.Id, execution.Definition.Id, execution.Record.Version, execution.Status,
            execution.State.Outputs is { } outputs ? JsonNode.Parse(outputs.ToJsonString()) as JsonObject : null, execution.State.Error);
}

/// <summary>How to start an instance.</summary>
public sealed class StartOptions
{
    /// <summary>Key that routes signals and hooks to the instance (e.g. the order id).</summary>
    public string? CorrelationKey { get; init; }

    /// <summary>Run a specific published version instead of the current one.</summary>
    public int? Version { get; init; }

    /// <summary>Use this id instead of a new one (idempotent starts).</summary>
    public string? InstanceId { get; init; }

    /// <summary>
    /// Run the instance to its first suspension before returning (one commit), instead of committing it as runnable
    /// and letting a background worker run it (the hook's quick 202 path).
    /// </summary>
    public bool RunInline { get; init; } = true;

    /// <summary>
    /// Id of the API key that asked for the start, recorded on the instance (and inherited by its children) so that an
    /// integrator key can be limited to the instances it started; null for starts no key asked for.
    /// </summary>
    public string? StartedBy { get; init; }
}

/// <summary>No published version of the workflow exists (or not the version asked for).</summary>
public sealed class WorkflowNotFoundException(string message) : Exception(message)
{
    public WorkflowNotFoundException()
        : this("Workflow not found.")
    {
    }

    public WorkflowNotFoundException(string message, Exception innerException)
        : this(message + " " + innerException?.Message)
    {
    }
}

/// <summary>No instance with that id exists.</summary>
public sealed class InstanceNotFoundException(string instanceId) : Exception($"Instance '{instanceId}' does not exist.")
{
    public InstanceNotFoundException()
        : this(string.Empty)
    {
    }

    public InstanceNotFoundException(string message, Exception innerException)
        : this(message + " " + innerException?.Message)
    {
    }
}
