using Microsoft.EntityFrameworkCore;
using OmsFlow.Persistence.Cluster;

namespace OmsFlow.Workflows.Runtime;

/// <summary>
/// PostgreSQL scale-out without busy polling: commits that make work ready for other processes NOTIFY them (see
/// <see cref="WorkNotifications"/>), and each process listens and wakes its claim loop, timer loop or outbox sender at
/// once. While the listening connection is up the loops poll only every <see cref="EngineOptions.ClusterPollInterval"/>
/// (a missed notification); while it is down they poll every <see cref="EngineOptions.TimerPollInterval"/>.
/// </summary>
public sealed partial class WorkflowEngine
{
    private readonly SemaphoreSlim _claimWake = new(0);
    private volatile bool _listening;

    /// <summary>Makes every commit of this process notify the others of the work it made ready (also without background work).</summary>
    private void NotifyClusterOnCommit()
    {
        if (Leases is null)
        {
            return;
        }
        var horizonMs = (long)_options.ClusterPollInterval.TotalMilliseconds;
        _services.Storage.Writer.BeforeCommit = units => WorkNotifications.Sql(WorkNotifications.Classify(units, _services.NowMs, horizonMs));
    }

    /// <summary>Listens for other processes' notifications until the engine stops.</summary>
    private Task ListenAsync(CancellationToken stopping)
    {
        var notifications = new WorkNotifications(_services.Storage.Settings.EffectiveConnectionString);
        return notifications.ListenAsync(OnWorkNotified, OnListening, stopping);
    }

    private void OnWorkNotified(WorkKinds kinds)
    {
        if (kinds.HasFlag(WorkKinds.Run))
        {
            Wake(_claimWake);
        }
        if (kinds.HasFlag(WorkKinds.Timer))
        {
            Wake(_timerWake);
        }
        if (kinds.HasFlag(WorkKinds.Outbox))
        {
            OutboxChanged?.Invoke();
        }
    }

    private void OnListening(bool listening)
    {
        _listening = listening;
        if (listening)
        {
            // Work may have become ready while nobody listened.
            OnWorkNotified(WorkKinds.Run | WorkKinds.Timer | WorkKinds.Outbox);
        }
    }

    /// <summary>How long the claim loop may sleep: long while notifications wake it, short while it must poll.</summary>
    private TimeSpan ClaimPollInterval => _listening ? _options.ClusterPollInterval : _options.TimerPollInterval;

    /// <summary>
    /// How long the timer loop may sleep. On SQLite, and on PostgreSQL while not listening, the poll interval; while
    /// listening, until the earliest timer falls due (notifications wake it earlier for timers added meanwhile), at
    /// most <see cref="EngineOptions.ClusterPollInterval"/>.
    /// </summary>
    private async Task<TimeSpan> TimerSleepAsync(CancellationToken cancellationToken)
    {
        if (Leases is null || !_listening)
        {
            return _options.TimerPollInterval;
        }
        await using var context = _services.Storage.CreateContext();
        var next = await context.Bookmarks.Where(b => b.DueAt != null).MinAsync(b => b.DueAt, cancellationToken).ConfigureAwait(false);
        if (next is not { } due)
        {
            return _options.ClusterPollInterval;
        }
        var until = TimeSpan.FromMilliseconds(due - _services.NowMs);
        // Already due but not fired here: another process holds it or its instance is busy; look again shortly.
        return until <= TimeSpan.Zero ? _options.TimerPollInterval : until < _options.ClusterPollInterval ? until : _options.ClusterPollInterval;
    }

    /// <summary>Wakes a loop once; further wakes before it runs coalesce.</summary>
    private static void Wake(SemaphoreSlim wake)
    {
        if (wake.CurrentCount == 0)
        {
            try
            {
                wake.Release();
            }
            catch (ObjectDisposedException)
            {
                // The engine stopped while a notification arrived.
            }
        }
    }
}
