using System.Collections.Concurrent;
using OmsFlow.Workflows.Runtime;

namespace OmsFlow.Server.Hooks;

/// <summary>Lets a request wait (bounded) until an instance completes, faults or is cancelled.</summary>
internal sealed class InstanceWaiter
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<InstanceOutcome>> _waiting = new(StringComparer.Ordinal);

    public InstanceWaiter(WorkflowEngine engine)
    {
        engine.Committed += OnCommitted;
    }

    /// <summary>Registers interest before the instance can finish, so the finish cannot be missed.</summary>
    public Task<InstanceOutcome> WhenEnded(string instanceId)
        => _waiting.GetOrAdd(instanceId, _ => new TaskCompletionSource<InstanceOutcome>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Forget(string instanceId) => _waiting.TryRemove(instanceId, out _);

    private void OnCommitted(InstanceOutcome outcome)
    {
        if (outcome.Status is InstanceStatus.Completed or InstanceStatus.Faulted or InstanceStatus.Cancelled
            && _waiting.TryRemove(outcome.InstanceId, out var waiter))
        {
            waiter.TrySetResult(outcome);
        }
    }
}
