namespace OmsFlow.Persistence.Records;

/// <summary>One workflow instance: its pinned definition version, status and serialized execution state.</summary>
public sealed class InstanceRecord
{
    public required string Id { get; set; }

    public required string WorkflowId { get; set; }

    public int Version { get; set; }

    /// <summary>Running, Suspended, Completed, Faulted, Cancelled (stored as text for readable SQL).</summary>
    public required string Status { get; set; }

    public string? CorrelationKey { get; set; }

    /// <summary>True while the instance has work to do that no bookmark waits for (new, retried, or interrupted by a crash).</summary>
    public bool Runnable { get; set; }

    /// <summary>Execution state as JSON: variables, step outputs, tokens, scopes, compensation log.</summary>
    public required string State { get; set; }

    public string? Input { get; set; }

    public string? Outputs { get; set; }

    public string? ParentInstanceId { get; set; }

    /// <summary>
    /// Id of the API key that started the instance (hook call or event), inherited by its child instances; null when the
    /// engine started it (schedules) or the caller was anonymous. Integrator keys see only their own instances.
    /// </summary>
    public string? StartedBy { get; set; }

    public bool HasIncident { get; set; }

    /// <summary>Incremented on every commit; a commit that expects an older revision is rejected (another writer won).</summary>
    public long Revision { get; set; }

    public long CreatedAt { get; set; }

    public long UpdatedAt { get; set; }

    /// <summary>Process that holds the instance (scale-out); null in single-process mode.</summary>
    public string? LeaseOwner { get; set; }

    /// <summary>Unix milliseconds until which <see cref="LeaseOwner"/> holds the instance; another process may take it after.</summary>
    public long? LeaseUntil { get; set; }
}
