using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace OmsFlow.Workflows.Runtime;

/// <summary>Background work: runnable instances, due timers, and recovery after a restart.</summary>
public sealed partial class WorkflowEngine
{
    /// <summary>Fires every bookmark due by now (timers, retry backoffs, child completions); returns how many fired.</summary>
    public async Task<int> FireDueTimersAsync(CancellationToken cancellationToken = default)
    {
        var now = _services.NowMs;
        var due = await _services.Storage.Reads.DueBookmarksAsync(now, _options.TimerBatch, cancellationToken).ConfigureAwait(false);
        var fired = 0;
        foreach (var bookmark in due)
        {
            if (bookmark.Kind == ScheduleKind)
            {
                fired += await FireScheduleAsync(bookmark, cancellationToken).ConfigureAwait(false) ? 1 : 0;
                continue;
            }
            string? outcome = null;
            JsonNode? data = null;
            if (bookmark.Kind == "child" && bookmark.Payload is { } payload && JsonNode.Parse(payload) is JsonObject result)
            {
                outcome = result["outcome"]?.GetValue<string>();
                data = result["data"]?.DeepClone();
            }
            if (await ResumeAsync(bookmark, outcome, data, cancellationToken).ConfigureAwait(false) is not null)
            {
                fired++;
            }
        }
        return fired;
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

    private async Task<List<string>> RunnableIdsAsync(CancellationToken cancellationToken)
    {
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
        using (await _locks.AcquireAsync(instanceId, cancellationToken).ConfigureAwait(false))
        {
            var execution = await LoadAsync(instanceId, cancellationToken).ConfigureAwait(false);
            if (execution is null || !execution.Record.Runnable)
            {
                return;
            }
            try
            {
                await RunAndCommitAsync(execution, cancellationToken).ConfigureAwait(false);
            }
            catch (Persistence.Storage.CommitConflictException)
            {
                // Another process ran it first; its commit stands.
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
                await _timerWake.WaitAsync(_options.TimerPollInterval, stopping).ConfigureAwait(false);
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
}
