using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace OmsFlow.Workflows.Runtime;

/// <summary>Background work: runnable instances, due timers, and recovery after a restart.</summary>
public sealed partial class WorkflowEngine
{
    /// <summary>Fires every bookmark due by now (timers, retry backoffs, child completions); returns how many fired.</summary>
    /// <remarks>
    /// On PostgreSQL the due bookmarks are claimed first, so each fires on one process; those that could not fire
    /// (their instance busy elsewhere) are given back for the next poll. Firing consumes the bookmark in the same
    /// commit that resumes the instance, so a timer fires once cluster-wide even if a claim outlives its lease.
    /// </remarks>
    public async Task<int> FireDueTimersAsync(CancellationToken cancellationToken = default)
    {
        var now = _services.NowMs;
        var leases = Leases;
        var due = leases is null
            ? await _services.Storage.Reads.DueBookmarksAsync(now, _options.TimerBatch, cancellationToken).ConfigureAwait(false)
            : await leases.ClaimDueBookmarksAsync(now, _options.TimerBatch, cancellationToken).ConfigureAwait(false);
        var unfired = new List<string>();
        try
        {
            var fired = 0;
            foreach (var bookmark in due)
            {
                if (await FireAsync(bookmark, cancellationToken).ConfigureAwait(false))
                {
                    fired++;
                }
                else
                {
                    unfired.Add(bookmark.Id);
                }
            }
            return fired;
        }
        finally
        {
            if (leases is not null)
            {
                await leases.ReleaseBookmarksAsync(unfired, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private async Task<bool> FireAsync(Persistence.Records.BookmarkRecord bookmark, CancellationToken cancellationToken)
    {
        if (bookmark.Kind == ScheduleKind)
        {
            return await FireScheduleAsync(bookmark, cancellationToken).ConfigureAwait(false);
        }
        {
            string? outcome = null;
            JsonNode? data = null;
            if (bookmark.Kind == "child" && bookmark.Payload is { } payload && JsonNode.Parse(payload) is JsonObject result)
            {
                outcome = result["outcome"]?.GetValue<string>();
                data = result["data"]?.DeepClone();
            }
            return await ResumeAsync(bookmark, outcome, data, cancellationToken).ConfigureAwait(false) is not null;
        }
    }

    /// <summary>Runs every instance marked runnable (new, retried, or interrupted by a crash) until it waits or ends.</summary>
    public async Task<int> RunRunnableAsync(CancellationToken cancellationToken = default)
    {
        var ids = await RunnableIdsAsync(cancellationToken).ConfigureAwait(false);
        foreach (var id in ids)
        {
            await RunInstanceAsync(id, cancellationToken).ConfigureAwait(false);
        }
        return ids.Count;
    }

    /// <summary>Runnable instances: all of them on SQLite; on PostgreSQL those this process could claim.</summary>
    private async Task<List<string>> RunnableIdsAsync(CancellationToken cancellationToken)
    {
        if (Leases is { } leases)
        {
            return await leases.ClaimRunnableAsync(Math.Max(1, _options.Workers) * 2, cancellationToken).ConfigureAwait(false);
        }
        await using var context = _services.Storage.CreateContext();
        return await context.Instances.AsNoTracking().Where(i => i.Runnable).Select(i => i.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task RequeueRunnableAsync(CancellationToken cancellationToken)
    {
        foreach (var id in await RunnableIdsAsync(cancellationToken).ConfigureAwait(false))
        {
            _runnable.Writer.TryWrite(id);
        }
    }

    private async Task RunInstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        if (await TryRunInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false))
        {
            return;
        }
        // The commit was refused because something it built on changed meanwhile (another process committed the instance
        // first, a bookmark was already consumed, the order row a step read was rewritten). Nothing was written; the
        // instance goes round again and its next run starts from what is stored now.
        await Task.Delay(Random.Shared.Next(10, 100), cancellationToken).ConfigureAwait(false);
        _runnable.Writer.TryWrite(instanceId);
    }

    /// <summary>Runs the instance if it is runnable here; false when its commit met a conflict.</summary>
    private async Task<bool> TryRunInstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        using (await _locks.AcquireAsync(instanceId, cancellationToken).ConfigureAwait(false))
        {
            InstanceClaim claim;
            if (Leases is { } leases)
            {
                if (!await leases.TryClaimInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false))
                {
                    // Another live process holds it and runs it.
                    return true;
                }
                claim = new InstanceClaim(leases, instanceId);
            }
            else
            {
                claim = InstanceClaim.None;
            }
            await using (claim.ConfigureAwait(false))
            {
                try
                {
                    var execution = await LoadAsync(instanceId, cancellationToken).ConfigureAwait(false);
                    if (execution is null || !execution.Record.Runnable)
                    {
                        return true;
                    }
                    await RunAndCommitAsync(execution, cancellationToken).ConfigureAwait(false);
                    return true;
                }
                catch (Persistence.Storage.CommitConflictException)
                {
                    return false;
                }
                catch (Exception ex) when (ex is not OperationCanceledException && !IsTransient(ex))
                {
                    claim.Keep();
                    throw;
                }
            }
        }
    }

    private async Task WorkerLoopAsync(CancellationToken stopping)
    {
        await foreach (var id in _runnable.Reader.ReadAllAsync(stopping).ConfigureAwait(false))
        {
            try
            {
                await RunInstanceAsync(id, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (IsTransient(ex))
            {
                // A deadlock or serialization failure between writers (PostgreSQL, several processes): nothing of the
                // instance was committed and it is still runnable, so it goes round again shortly instead of waiting for
                // its lease to expire.
                await Task.Delay(Random.Shared.Next(10, 200), stopping).ConfigureAwait(false);
                _runnable.Writer.TryWrite(id);
            }
#pragma warning disable CA1031 // A failing instance must not stop the worker; it stays runnable and is retried on restart.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                BackgroundError?.Invoke(id, ex);
            }
        }
    }

    private async Task TimerLoopAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var fired = await FireDueTimersAsync(stopping).ConfigureAwait(false);
                if (fired >= _options.TimerBatch)
                {
                    continue;
                }
                await _timerWake.WaitAsync(await TimerSleepAsync(stopping).ConfigureAwait(false), stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The timer loop must survive a failing resume; the bookmark stays and fires on the next poll.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                BackgroundError?.Invoke(null, ex);
                await Task.Delay(_options.TimerPollInterval, stopping).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Raised when background work on an instance (or the timer loop, with a null id) fails unexpectedly.</summary>
    public event Action<string?, Exception>? BackgroundError;

    /// <summary>Whether the database says trying again may succeed (deadlock, serialization failure), anywhere in the chain.</summary>
    private static bool IsTransient(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is System.Data.Common.DbException { IsTransient: true })
            {
                return true;
            }
        }
        return false;
    }
}
