using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OmsFlow.Persistence.Records;

namespace OmsFlow.Workflows.Runtime;

/// <summary>Finding the bookmarks that signals, hooks and tasks resume.</summary>
public sealed partial class WorkflowEngine
{
    /// <summary>Sends a signal to every instance waiting for it with that correlation key (or to one instance).</summary>
    /// <returns>The instances resumed.</returns>
    public async Task<IReadOnlyList<InstanceOutcome>> SignalAsync(string signal, string? correlationKey, string? instanceId, JsonNode? data, CancellationToken cancellationToken = default)
    {
        var waiting = instanceId is not null
            ? await _services.Storage.Reads.BookmarksOfInstanceAsync(instanceId, "signal", signal, cancellationToken).ConfigureAwait(false)
            : await _services.Storage.Reads.BookmarksAsync("signal", signal, correlationKey, cancellationToken).ConfigureAwait(false);
        return await ResumeAllAsync(waiting, null, data, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Resumes the instances waiting on hook <paramref name="path"/> for <paramref name="key"/>. Resumes none while an
    /// older call for the same hook and key is still kept (<see cref="BufferHookAsync"/>): a "delivered" must not overtake
    /// the "shipped" sent before it, so the caller buffers this one behind it and the wait takes both, oldest first.
    /// </summary>
    public async Task<IReadOnlyList<InstanceOutcome>> ResumeHookAsync(string path, string key, JsonNode? data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        path = path.Trim('/');
        if (await HasPendingHookAsync(path, key, cancellationToken).ConfigureAwait(false))
        {
            return [];
        }
        var waiting = await _services.Storage.Reads.BookmarksAsync("hook", path, key, cancellationToken).ConfigureAwait(false);
        return await ResumeAllAsync(waiting, null, data, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Completes a human task with an outcome; null when no such open task exists.</summary>
    public async Task<InstanceOutcome?> CompleteTaskAsync(string taskId, string outcome, JsonObject data, CancellationToken cancellationToken = default)
    {
        BookmarkRecord? task;
        await using (var context = _services.Storage.CreateContext())
        {
            task = await context.Bookmarks.AsNoTracking().FirstOrDefaultAsync(b => b.Id == taskId && b.Kind == "task", cancellationToken).ConfigureAwait(false);
        }
        return task is null ? null : await ResumeAsync(task, outcome, data, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<InstanceOutcome>> ResumeAllAsync(List<BookmarkRecord> bookmarks, string? outcome, JsonNode? data, CancellationToken cancellationToken)
    {
        var resumed = new List<InstanceOutcome>(bookmarks.Count);
        foreach (var bookmark in bookmarks)
        {
            if (await ResumeAsync(bookmark, outcome, data?.DeepClone(), cancellationToken).ConfigureAwait(false) is { } result)
            {
                resumed.Add(result);
            }
        }
        return resumed;
    }
}
