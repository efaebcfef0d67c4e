using System.Text.Json.Nodes;
using System.Threading.Channels;
using OmsFlow.Persistence.Records;
using OmsFlow.Persistence.Storage;
using OmsFlow.Workflows.Activities;
using OmsFlow.Workflows.Expressions;

namespace OmsFlow.Workflows.Runtime;

/// <summary>
/// The durable workflow engine: starts instances, resumes them from bookmarks (signals, hooks, tasks, timers,
/// child completions), retries and cancels them, and runs runnable instances in the background.
/// </summary>
/// <remarks>
/// Every change an instance makes between two suspension points is committed in one transaction (state,
/// journal, bookmarks, incidents, outbox). After a crash, instances still marked runnable run again from their
/// last commit, and timers that fell due during the outage fire once.
/// </remarks>
public sealed partial class WorkflowEngine : IAsyncDisposable
{
    private readonly EngineServices _services;
    private readonly EngineOptions _options;
    private readonly InstanceLocks _locks = new();
    private readonly Channel<string> _runnable = Channel.CreateUnbounded<string>();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _background = [];
    private readonly SemaphoreSlim _timerWake = new(0);
    private int _disposed;

    public WorkflowEngine(
        OmsFlowStorage storage,
        DefinitionCatalog catalog,
        ActivityRegistry activities,
        IExpressionEvaluator expressions,
        TimeProvider clock,
        IServiceProvider services,
        EngineOptions? options = null)
    {
        _services = new EngineServices(storage, catalog, activities, expressions, clock, services);
        _options = options ?? new EngineOptions();
    }

    public OmsFlowStorage Storage => _services.Storage;

    public DefinitionCatalog Catalog => _services.Catalog;

    public ActivityRegistry Activities => _services.Activities;

    /// <summary>Published rule sets, decision tables and template sets, loaded and cached per version.</summary>
    public DefinitionLibrary Definitions => _services.Definitions;

    /// <summary>Issued documents (invoices, labels, ...) the engine's activities stored.</summary>
    public Documents.DocumentStore Documents => _services.Documents;

    /// <summary>Instances started and step durations, recorded as commits become durable.</summary>
    public EngineMetrics Metrics { get; } = new();

    /// <summary>Raised after an instance's changes are committed and it waits, ended, or faulted.</summary>
    public event Action<InstanceOutcome>? Committed;

    /// <summary>Raised after a commit that queued outbox messages, so senders can wake up.</summary>
    public event Action? OutboxChanged;

    /// <summary>Starts background workers and the timer loop, and re-queues instances a crash interrupted.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        NotifyClusterOnCommit();
        if (!_options.RunBackground)
        {
            return;
        }
        for (var i = 0; i < Math.Max(1, _options.Workers); i++)
        {
            _background.Add(Task.Run(() => WorkerLoopAsync(_stopping.Token), CancellationToken.None));
        }
        _background.Add(Task.Run(() => TimerLoopAsync(_stopping.Token), CancellationToken.None));
        _background.Add(Task.Run(() => PendingHookLoopAsync(_stopping.Token), CancellationToken.None));
        if (Leases is { } leases)
        {
            _background.Add(Task.Run(() => ClusterLoopAsync(leases, _stopping.Token), CancellationToken.None));
            _background.Add(Task.Run(() => ListenAsync(_stopping.Token), CancellationToken.None));
        }
        await SyncSchedulesAsync(cancellationToken).ConfigureAwait(false);
        _services.Catalog.Published += OnPublished;
        await RequeueRunnableAsync(cancellationToken).ConfigureAwait(false);
    }

    private void OnPublished(string workflowId) => _ = SyncSchedulesInBackgroundAsync();

    private async Task SyncSchedulesInBackgroundAsync()
    {
        try
        {
            await SyncSchedulesAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
#pragma warning disable CA1031 // A failed sync is retried at the next publish or start; it must not crash the publisher.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            BackgroundError?.Invoke(null, ex);
        }
    }

    /// <summary>Starts an instance of the published version of <paramref name="workflowId"/>.</summary>
    /// <exception cref="WorkflowNotFoundException">No published version exists.</exception>
    public async Task<InstanceOutcome> StartAsync(string workflowId, JsonObject input, StartOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        options ??= new StartOptions();
        // The instance pins the active release: every definition it resolves later comes from that release.
        var (workflow, release) = options.Version is { } pinned
            ? (new WorkflowDefinitionVersion(await _services.Catalog.GetVersionAsync(workflowId, pinned, cancellationToken).ConfigureAwait(false), pinned),
                (await _services.Catalog.GetActiveReleaseAsync(cancellationToken).ConfigureAwait(false)).ReleaseId)
            : await _services.Catalog.GetForStartAsync(workflowId, null, cancellationToken).ConfigureAwait(false);
        var (definition, version) = workflow;
        var id = options.InstanceId ?? Guid.CreateVersion7().ToString("N");
        var execution = InstanceExecution.Create(_services, definition, version, id, input, options.CorrelationKey, startedBy: options.StartedBy);
        PinRelease(execution.State, release);
        HoldFromStart(execution.Record, options.RunInline);
        using (await _locks.AcquireAsync(id, cancellationToken).ConfigureAwait(false))
        {
            if (options.RunInline)
            {
                await using (new InstanceClaim(Leases, id).ConfigureAwait(false))
                {
                    await RunAndCommitAsync(execution, cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                // Stays held by this process: its worker runs it next (or, if this process dies, another after the lease).
                await CommitAsync(execution, await TakeUnitAsync(execution, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
                _runnable.Writer.TryWrite(id);
            }
        }
        return InstanceOutcome.From(execution);
    }

    /// <summary>Resumes the instance waiting on <paramref name="bookmark"/>; returns null if it was already resumed.</summary>
    /// <remarks>
    /// When another writer changed the instance first (another process ran it) but the bookmark still waits, the
    /// instance is loaded again and resumed on its new state. On PostgreSQL the instance is claimed first, so the
    /// resume waits (up to <see cref="EngineOptions.ClaimWait"/>) for another process to finish with it; null if it
    /// did not, and the bookmark stays.
    /// </remarks>
    public async Task<InstanceOutcome?> ResumeAsync(BookmarkRecord bookmark, string? outcome, JsonNode? data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bookmark);
        using (await _locks.AcquireAsync(bookmark.InstanceId, cancellationToken).ConfigureAwait(false))
        {
            var claim = await ClaimAsync(bookmark.InstanceId, cancellationToken).ConfigureAwait(false);
            if (claim is null)
            {
                return null;
            }
            await using (claim.ConfigureAwait(false))
            {
                for (var attempt = 1; ; attempt++)
                {
                    var execution = await LoadAsync(bookmark.InstanceId, cancellationToken).ConfigureAwait(false);
                    if (execution is null)
                    {
                        return null;
                    }
                    await execution.ResumeAsync(bookmark, outcome, attempt == 1 ? data : data?.DeepClone(), cancellationToken).ConfigureAwait(false);
                    try
                    {
                        await RunAndCommitAsync(execution, cancellationToken).ConfigureAwait(false);
                        return InstanceOutcome.From(execution);
                    }
                    catch (CommitConflictException)
                    {
                        // The instance moved on under another writer; if this bookmark still waits, resume its new state.
                        if (attempt >= MaxResumeAttempts || !await BookmarkWaitsAsync(bookmark.Id, cancellationToken).ConfigureAwait(false))
                        {
                            return null;
                        }
                    }
                }
            }
        }
    }

    /// <summary>Resumes tried per bookmark when other writers keep changing the instance first.</summary>
    private const int MaxResumeAttempts = 5;

    /// <summary>Cancels an instance; compensation of its completed steps runs before it ends Cancelled.</summary>
    public Task<InstanceOutcome> CancelAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default)
        => ChangeAsync(instanceId, e => e.Cancel(reason), cancellationToken);

    /// <summary>Runs the faulted steps of an instance again.</summary>
    public Task<InstanceOutcome> RetryAsync(string instanceId, CancellationToken cancellationToken = default)
        => ChangeAsync(instanceId, e => e.Retry(), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        _runnable.Writer.TryComplete();
        _timerWake.Release();
        try
        {
            await Task.WhenAll(_background).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping: workers end by cancellation.
        }
        _stopping.Dispose();
        _timerWake.Dispose();
        Metrics.Dispose();
        _claimWake.Dispose();
    }

    private async Task<InstanceOutcome> ChangeAsync(string instanceId, Action<InstanceExecution> change, CancellationToken cancellationToken)
    {
        using (await _locks.AcquireAsync(instanceId, cancellationToken).ConfigureAwait(false))
        {
            // Without the claim (another process kept the instance past ClaimWait) the change still runs: the revision
            // check rejects it if that process commits first.
            await using ((await ClaimAsync(instanceId, cancellationToken).ConfigureAwait(false) ?? InstanceClaim.None).ConfigureAwait(false))
            {
                var execution = await LoadAsync(instanceId, cancellationToken).ConfigureAwait(false)
                    ?? throw new InstanceNotFoundException(instanceId);
                change(execution);
                await RunAndCommitAsync(execution, cancellationToken).ConfigureAwait(false);
                return InstanceOutcome.From(execution);
            }
        }
    }

    /// <summary>Runs until every branch waits or ends, committing whenever a step asks and at the end.</summary>
    private async Task RunAndCommitAsync(InstanceExecution execution, CancellationToken cancellationToken)
    {
        while (true)
        {
            await execution.RunAsync(cancellationToken).ConfigureAwait(false);
            if (await ResumeFromPendingHooksAsync(execution, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }
            var flush = execution.FlushRequested;
            var unit = await TakeUnitAsync(execution, cancellationToken).ConfigureAwait(false);
            await CommitAsync(execution, unit).ConfigureAwait(false);
            DeliverPendingHooksAfterCommit(unit);
            if (!flush)
            {
                Committed?.Invoke(InstanceOutcome.From(execution));
                return;
            }
        }
    }

    private async Task CommitAsync(InstanceExecution execution, CommitUnit unit)
    {
        var children = await CreateChildrenAsync(execution, unit).ConfigureAwait(false);
        await _services.Storage.Writer.CommitAsync(unit).ConfigureAwait(false);
        Metrics.RecordCommitted(execution, unit.StartedInstances);
        foreach (var child in children)
        {
            _runnable.Writer.TryWrite(child);
        }
        if (unit.FiredBookmarks.Count > 0 || unit.AddedBookmarks.Exists(b => b.DueAt is not null))
        {
            _timerWake.Release();
        }
        if (unit.Outbox.Count > 0)
        {
            OutboxChanged?.Invoke();
        }
    }

    private async Task<List<string>> CreateChildrenAsync(InstanceExecution execution, CommitUnit unit)
    {
        var started = new List<string>();
        foreach (var child in execution.PendingChildren)
        {
            WorkflowDefinitionVersion published;
            int? release = execution.State.Pins.TryGetValue(InstanceState.ReleasePin, out var parentRelease) ? parentRelease : null;
            try
            {
                // A child starts on its parent's release, so the whole order runs on one set of definitions.
                (published, release) = await _services.Catalog.GetForStartAsync(child.WorkflowId, release, CancellationToken.None).ConfigureAwait(false);
            }
            catch (WorkflowNotFoundException ex)
            {
                var failure = new JsonObject { ["outcome"] = "faulted", ["data"] = new JsonObject { ["error"] = ex.Message } };
                unit.FiredBookmarks.Add(new BookmarkFiring(child.ParentBookmarkId, _services.NowMs, failure.ToJsonString()));
                continue;
            }
            var (definition, version) = published;
            var childExecution = InstanceExecution.Create(_services, definition, version, child.Id, child.Input, execution.Record.CorrelationKey,
                execution.Id, child.ParentBookmarkId, execution.Record.StartedBy);
            PinRelease(childExecution.State, release);
            var childUnit = childExecution.TakeUnit();
            unit.StartedInstances.Add(childUnit.Instance!);
            unit.Journal.AddRange(childUnit.Journal);
            started.Add(child.Id);
        }
        execution.PendingChildren.Clear();
        return started;
    }

    private static void PinRelease(InstanceState state, int? releaseId)
    {
        if (releaseId is { } release)
        {
            state.Pins[InstanceState.ReleasePin] = release;
        }
    }

    private async Task<InstanceExecution?> LoadAsync(string instanceId, CancellationToken cancellationToken)
    {
        var record = await _services.Storage.Reads.InstanceAsync(instanceId, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return null;
        }
        var definition = await _services.Catalog.GetVersionAsync(record.WorkflowId, record.Version, cancellationToken).ConfigureAwait(false);
        return InstanceExecution.Load(_services, definition, record);
    }
}
