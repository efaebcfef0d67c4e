using OmsFlow.Persistence.Storage;

namespace OmsFlow.Workflows.Runtime;

/// <summary>
/// Sees every change of an instance just before the engine commits it, and may add rows (outbox messages, domain
/// writes) to the same <see cref="CommitUnit"/>, so they become durable exactly when the instance's new state does.
/// </summary>
/// <remarks>
/// Register implementations in the service provider given to <see cref="WorkflowEngine"/>; the engine resolves them
/// once, on its first commit. A hook runs on the engine's commit path: it must be quick, and an exception it throws
/// fails the commit (the instance keeps its last committed state and runs again).
/// </remarks>
public interface IInstanceCommitHook
{
    /// <summary>Called once per commit unit of an instance, before the unit is queued to the writer.</summary>
    ValueTask OnCommittingAsync(InstanceCommit commit, CancellationToken cancellationToken);
}

/// <summary>One instance's changes about to be committed: where the instance stands after them, and the unit to add to.</summary>
public sealed class InstanceCommit
{
    private readonly InstanceExecution _execution;
    private InstanceOutcome? _outcome;

    internal InstanceCommit(InstanceExecution execution, InstanceStatus previousStatus, CommitUnit unit, long now)
    {
        _execution = execution;
        PreviousStatus = previousStatus;
        Unit = unit;
        Now = DateTimeOffset.FromUnixTimeMilliseconds(now);
    }

    /// <summary>The instance being committed.</summary>
    public string InstanceId => _execution.Id;

    /// <summary>The workflow the instance runs.</summary>
    public string WorkflowId => _execution.Definition.Id;

    /// <summary>Status after this commit.</summary>
    public InstanceStatus Status => _execution.Status;

    /// <summary>Status at the instance's previous commit; <see cref="InstanceStatus.Running"/> for a new instance.</summary>
    public InstanceStatus PreviousStatus { get; }

    /// <summary>
    /// True when this commit ends the instance Completed, Faulted or Cancelled, or faults it anew (a retried step failed
    /// again: the instance was and stays Faulted, with a new incident).
    /// </summary>
    public bool Ends => Status is InstanceStatus.Completed or InstanceStatus.Faulted or InstanceStatus.Cancelled
        && (Status != PreviousStatus || (Status == InstanceStatus.Faulted && Unit.Incidents.Count > 0));

    /// <summary>The instance's revision after this commit: unique per commit of the instance.</summary>
    public long Revision => _execution.Record.Revision;

    /// <summary>The instance's correlation key (e.g. the order id), if it has one.</summary>
    public string? CorrelationKey => _execution.Record.CorrelationKey;

    /// <summary>Id of the API key that started the instance, if one did.</summary>
    public string? StartedBy => _execution.Record.StartedBy;

    /// <summary>The engine clock's time of this commit.</summary>
    public DateTimeOffset Now { get; }

    /// <summary>Status, outputs and error (a copy, built on first use).</summary>
    public InstanceOutcome Outcome => _outcome ??= InstanceOutcome.From(_execution);

    /// <summary>The unit being committed; rows added here are written in the same transaction.</summary>
    public CommitUnit Unit { get; }
}
