using OmsFlow.Persistence.Storage;

namespace OmsFlow.Workflows.Runtime;

public sealed partial class WorkflowEngine
{
    private IInstanceCommitHook[]? _commitHooks;

    /// <summary>
    /// Takes the instance's pending changes as a unit and lets every <see cref="IInstanceCommitHook"/> add to it, so what
    /// they add commits in the same transaction as the instance's new state.
    /// </summary>
    private async ValueTask<CommitUnit> TakeUnitAsync(InstanceExecution execution, CancellationToken cancellationToken)
    {
        var previous = Enum.Parse<InstanceStatus>(execution.Record.Status);
        var unit = execution.TakeUnit();
        var hooks = _commitHooks ??= ResolveCommitHooks();
        if (hooks.Length > 0)
        {
            var commit = new InstanceCommit(execution, previous, unit, _services.NowMs);
            foreach (var hook in hooks)
            {
                await hook.OnCommittingAsync(commit, cancellationToken).ConfigureAwait(false);
            }
        }
        return unit;
    }

    private IInstanceCommitHook[] ResolveCommitHooks()
        => _services.Services.GetService(typeof(IEnumerable<IInstanceCommitHook>)) is IEnumerable<IInstanceCommitHook> hooks ? [.. hooks] : [];
}
