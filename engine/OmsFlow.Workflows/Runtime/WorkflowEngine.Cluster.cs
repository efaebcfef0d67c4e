using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using OmsFlow.Persistence.Cluster;

namespace OmsFlow.Workflows.Runtime;

/// <summary>
/// Scale-out on PostgreSQL: several processes share one database. Each claims runnable instances and due timers with
/// leases (see <see cref="WorkLeases"/>), renews them while it lives, and holds an instance's lease while it changes
/// it, so an instance runs on one process at a time. On SQLite (<see cref="Leases"/> null) none of this runs.
/// </summary>
public sealed partial class WorkflowEngine
{
    private static readonly TimeSpan LongestClaimBackoff = TimeSpan.FromMilliseconds(100);

    private WorkLeases? Leases => _services.Storage.Leases;

    /// <summary>
    /// Holds the instance for a change (resume, cancel, retry), waiting up to <see cref="EngineOptions.ClaimWait"/>
    /// while another process runs it. Null when that process kept it longer; on SQLite a claim that holds nothing.
    /// </summary>
    private async Task<InstanceClaim?> ClaimAsync(string instanceId, CancellationToken cancellationToken)
    {
        if (Leases is not { } leases)
        {
            return InstanceClaim.None;
        }
        var started = Stopwatch.GetTimestamp();
        var backoff = TimeSpan.FromMilliseconds(2);
        while (!await leases.TryClaimInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false))
        {
            if (Stopwatch.GetElapsedTime(started) > _options.ClaimWait)
            {
                return null;
            }
            await Task.Delay(backoff, cancellationToken).ConfigureAwait(false);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, LongestClaimBackoff.Ticks));
        }
        return new InstanceClaim(leases, instanceId);
    }

    /// <summary>
    /// Marks a new instance as held by this process from its first commit, so no other process picks it up mid-run;
    /// except one queued in a process without background workers (API only): that one is left to the processes that run work.
    /// </summary>
    private void HoldFromStart(Persistence.Records.InstanceRecord record, bool runInline)
    {
        if (Leases is { } leases && (runInline || _options.RunBackground))
        {
            record.LeaseOwner = leases.Owner;
            record.LeaseUntil = leases.LeaseUntilFromNow();
        }
    }

    /// <summary>True while the bookmark still waits (a conflicting commit elsewhere did not consume it).</summary>
    private async Task<bool> BookmarkWaitsAsync(string bookmarkId, CancellationToken cancellationToken)
    {
        await using var context = _services.Storage.CreateContext();
        return await context.Bookmarks.AnyAsync(b => b.Id == bookmarkId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Claims runnable instances no live process holds (new ones another process did not get to, or ones a dead
    /// process left) while this process has room, and renews this process's leases.
    /// </summary>
    private async Task ClusterLoopAsync(WorkLeases leases, CancellationToken stopping)
    {
        var renewEvery = leases.Duration / 3;
        var lastRenewal = Stopwatch.GetTimestamp();
        var capacity = Math.Max(1, _options.Workers) * 2;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (Stopwatch.GetElapsedTime(lastRenewal) >= renewEvery)
                {
                    await leases.RenewAsync(stopping).ConfigureAwait(false);
                    lastRenewal = Stopwatch.GetTimestamp();
                }
                var room = capacity - _runnable.Reader.Count;
                var claimed = await leases.ClaimRunnableAsync(room, stopping).ConfigureAwait(false);
                foreach (var id in claimed)
                {
                    _runnable.Writer.TryWrite(id);
                }
                if (claimed.Count == 0 || claimed.Count < room)
                {
                    // Full: no notification says when room frees up, so look again at the short interval.
                    var sleep = room <= 0 ? _options.TimerPollInterval : ClaimPollInterval;
                    var untilRenewal = renewEvery - Stopwatch.GetElapsedTime(lastRenewal);
                    await _claimWake.WaitAsync(untilRenewal < sleep ? (untilRenewal > TimeSpan.Zero ? untilRenewal : TimeSpan.Zero) : sleep, stopping).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The loop must outlive any failure (database restarting, network); it retries after a poll interval.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                // Leases not renewed meanwhile may pass to other processes; the revision check keeps that safe.
                BackgroundError?.Invoke(null, ex);
                await Task.Delay(_options.TimerPollInterval, stopping).ConfigureAwait(false);
            }
        }
    }

    /// <summary>An instance lease this process holds; disposing gives it back so any process may take the instance at once.</summary>
    private sealed class InstanceClaim(WorkLeases? leases, string? instanceId) : IAsyncDisposable
    {
        public static readonly InstanceClaim None = new(null, null);

        private bool _kept;

        /// <summary>
        /// Keeps the lease until it expires instead of giving it back: an instance whose run failed unexpectedly is
        /// retried after the lease time, not at once in a tight loop.
        /// </summary>
        public void Keep() => _kept = true;

        public async ValueTask DisposeAsync()
        {
            if (leases is null || instanceId is null || _kept)
            {
                return;
            }
            try
            {
                await leases.ReleaseInstanceAsync(instanceId, CancellationToken.None).ConfigureAwait(false);
            }
            catch (DbException)
            {
                // Not released: the lease simply expires and another process takes the instance then.
            }
        }
    }
}
