namespace OmsFlow.Workflows.Runtime;

/// <summary>Lifecycle of a workflow instance.</summary>
public enum InstanceStatus
{
    /// <summary>Has work to do now (new, resumed, retried, or interrupted by a crash).</summary>
    Running,

    /// <summary>Every live branch waits on a bookmark.</summary>
    Suspended,

    Completed,

    /// <summary>A step faulted after its retries; an incident is open.</summary>
    Faulted,

    Cancelled,
}
