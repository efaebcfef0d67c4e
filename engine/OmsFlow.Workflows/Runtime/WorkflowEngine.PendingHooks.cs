using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OmsFlow.Persistence.Records;
using OmsFlow.Persistence.Storage;

namespace OmsFlow.Workflows.Runtime;

/// <summary>
/// Buffered hook correlation: a hook call for a running instance that does not wait on that hook yet is kept (with a
/// time to live) and handed to the instance's <c>WaitForHook</c> step the moment it waits, oldest first.
/// </summary>
/// <remarks>
/// Like Temporal's buffered signals and Camunda's message time-to-live: an integrator that sends a change while the order
/// is still being approved is not told "nobody is listening". Consuming a message is a domain write of the commit that
/// resumes the step, so a message is delivered once, also across a crash: either both are durable or neither is.
/// </remarks>
public sealed partial class WorkflowEngine
{
    /// <summary>How often expired messages are purged and messages stranded by a race or a crash are delivered.</summary>
    private static readonly TimeSpan PendingHookSweepInterval = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Unix ms until which a buffered message may exist (the latest expiry this process knows of). While it is in the
    /// past, creating a hook bookmark costs no query: no message has been buffered, here or (per the last sweep) elsewhere.
    /// </summary>
    private long _pendingHooksUntil = long.MaxValue;

    /// <summary>Counts buffered messages, so a sweep that overlapped one does not lower the hint below it.</summary>
    private long _pendingHookRaises;

    /// <summary>
    /// Keeps a hook call for the running instance correlated by <paramref name="key"/> whose workflow has a
    /// <c>WaitForHook</c> step on <paramref name="path"/>, until that step waits or <paramref name="timeToLive"/> passes.
    /// </summary>
    /// <returns>The buffered message, or null when no running instance with that key could ever wait on the hook.</returns>
    public async Task<BufferedHookMessage?> BufferHookAsync(string path, string key, JsonNode? data, TimeSpan timeToLive, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(key);
        path = path.Trim('/');
        var instanceId = await FindHookListenerAsync(path, key, cancellationToken).ConfigureAwait(false);
        if (instanceId is null)
        {
            return null;
        }
        var now = _services.NowMs;
        var record = new PendingHookMessageRecord
        {
            Path = path,
            Key = key,
            Body = data?.ToJsonString() ?? "null",
            InstanceId = instanceId,
            ReceivedAt = now,
            ExpiresAt = now + (long)timeToLive.TotalMilliseconds,
        };
        // Raised before the row exists, so a bookmark created from now on looks for it.
        RaisePendingHooks(record.ExpiresAt);
        await using (var context = _services.Storage.CreateContext())
        {
            context.PendingHookMessages.Add(record);
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        Interlocked.Increment(ref _pendingHookRaises);
        // The instance may have started waiting after the lookup that found nobody waiting.
        await DeliverPendingHooksAsync(path, key, cancellationToken).ConfigureAwait(false);
        return new BufferedHookMessage(record.Seq, instanceId, DateTimeOffset.FromUnixTimeMilliseconds(record.ExpiresAt));
    }

    /// <summary>Hands the oldest buffered messages for <paramref name="path"/> and <paramref name="key"/> to the instances waiting on that hook.</summary>
    /// <returns>The instances resumed.</returns>
    public async Task<IReadOnlyList<InstanceOutcome>> DeliverPendingHooksAsync(string path, string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var resumed = new List<InstanceOutcome>();
        foreach (var bookmark in await _services.Storage.Reads.BookmarksAsync("hook", path.Trim('/'), key, cancellationToken).ConfigureAwait(false))
        {
            if (await ResumeWithPendingHookAsync(bookmark, cancellationToken).ConfigureAwait(false) is { } outcome)
            {
                resumed.Add(outcome);
            }
        }
        return resumed;
    }

    /// <summary>
    /// Deletes expired messages and delivers those whose instance waits already (a message buffered while the
    /// instance committed its bookmark, or one another process buffered); returns how many expired messages went.
    /// </summary>
    public async Task<int> SweepPendingHooksAsync(CancellationToken cancellationToken = default)
    {
        var now = _services.NowMs;
        var raisesBefore = Volatile.Read(ref _pendingHookRaises);
        List<(string Path, string Key)> stranded;
        int purged;
        await using (var context = _services.Storage.CreateContext())
        {
            purged = await context.PendingHookMessages.Where(m => m.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            var latest = await context.PendingHookMessages.MaxAsync(m => (long?)m.ExpiresAt, cancellationToken).ConfigureAwait(false);
            SettlePendingHooks(latest ?? 0, raisesBefore);
            if (latest is null)
            {
                return purged;
            }
            var waiting = await context.PendingHookMessages.AsNoTracking()
                .Where(m => context.Bookmarks.Any(b => b.Kind == "hook" && b.Name == m.Path && b.CorrelationKey == m.Key))
                .Select(m => new { m.Path, m.Key })
                .Distinct()
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            stranded = [.. waiting.Select(w => (w.Path, w.Key))];
        }
        foreach (var (path, key) in stranded)
        {
            await DeliverPendingHooksAsync(path, key, cancellationToken).ConfigureAwait(false);
        }
        return purged;
    }

    /// <summary>
    /// Before a commit: a hook bookmark this unit adds takes the oldest live message buffered for it, and its step
    /// resumes at once, so the bookmark, the resumed step and the message's removal commit together.
    /// </summary>
    /// <returns>Whether a step was resumed (the instance then runs on before committing).</returns>
    private async Task<bool> ResumeFromPendingHooksAsync(InstanceExecution execution, CancellationToken cancellationToken)
    {
        if (_services.NowMs >= Volatile.Read(ref _pendingHooksUntil))
        {
            return false;
        }
        foreach (var bookmark in execution.Unit.AddedBookmarks.Where(b => b.Kind == "hook" && b.CorrelationKey is not null).ToList())
        {
            var taken = execution.Unit.Writes.OfType<PendingHookConsumption>().Select(w => w.Seq).ToHashSet();
            var message = await OldestPendingHookAsync(bookmark.Name, bookmark.CorrelationKey!, taken, cancellationToken).ConfigureAwait(false);
            if (message is not null)
            {
                execution.Unit.Writes.Add(new PendingHookConsumption(message.Seq));
                await execution.ResumeAsync(bookmark, null, JsonNode.Parse(message.Body), cancellationToken).ConfigureAwait(false);
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// After a commit: messages this unit sent to other instances' hooks go to them now; and for hook bookmarks it added,
    /// a message buffered between the look-up before the commit and the commit itself found no bookmark yet, so it is
    /// delivered now too (both in the background: this instance's lock is still held).
    /// </summary>
    private void DeliverPendingHooksAfterCommit(CommitUnit unit)
    {
        if (_services.NowMs >= Volatile.Read(ref _pendingHooksUntil))
        {
            return;
        }
        foreach (var sent in unit.Writes.OfType<PendingHookMessageWrite>())
        {
            Interlocked.Increment(ref _pendingHookRaises);
            _ = DeliverInBackgroundAsync(sent.Path, sent.Key);
        }
        foreach (var bookmark in unit.AddedBookmarks.Where(b => b.Kind == "hook" && b.CorrelationKey is not null))
        {
            _ = DeliverInBackgroundAsync(bookmark.Name, bookmark.CorrelationKey!);
        }
    }

    private async Task DeliverInBackgroundAsync(string path, string key)
    {
        await Task.Yield();
        try
        {
            await DeliverPendingHooksAsync(path, key, _stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the sweep of the next start delivers it.
        }
#pragma warning disable CA1031 // The sweep delivers the message later; a failure here must not surface on the committing caller.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            BackgroundError?.Invoke(null, ex);
        }
    }

    private async Task<InstanceOutcome?> ResumeWithPendingHookAsync(BookmarkRecord bookmark, CancellationToken cancellationToken)
    {
        using (await _locks.AcquireAsync(bookmark.InstanceId, cancellationToken).ConfigureAwait(false))
        {
            var claim = await ClaimAsync(bookmark.InstanceId, cancellationToken).ConfigureAwait(false);
            if (claim is null)
            {
                return null;
            }
            await using (claim.ConfigureAwait(false))
            {
                var execution = await LoadAsync(bookmark.InstanceId, cancellationToken).ConfigureAwait(false);
                if (execution is null || !execution.State.Tokens.Exists(t => t.Bookmarks.Contains(bookmark.Id)))
                {
                    return null;
                }
                var message = await OldestPendingHookAsync(bookmark.Name, bookmark.CorrelationKey!, [], cancellationToken).ConfigureAwait(false);
                if (message is null)
                {
                    return null;
                }
                execution.Unit.Writes.Add(new PendingHookConsumption(message.Seq));
                await execution.ResumeAsync(bookmark, null, JsonNode.Parse(message.Body), cancellationToken).ConfigureAwait(false);
                try
                {
                    await RunAndCommitAsync(execution, cancellationToken).ConfigureAwait(false);
                    return InstanceOutcome.From(execution);
                }
                catch (CommitConflictException)
                {
                    // Another writer resumed the instance or took the message first; the sweep looks again.
                    return null;
                }
            }
        }
    }

    /// <summary>
    /// Whether a live message waits for <paramref name="path"/> and <paramref name="key"/>. Always asks the store (one
    /// indexed look-up): another process may have buffered it, which this process's hint only learns at its next sweep.
    /// </summary>
    private async Task<bool> HasPendingHookAsync(string path, string key, CancellationToken cancellationToken)
    {
        var now = _services.NowMs;
        await using var context = _services.Storage.CreateContext();
        return await context.PendingHookMessages.AnyAsync(m => m.Path == path && m.Key == key && m.ExpiresAt > now, cancellationToken).ConfigureAwait(false);
    }

    private async Task<PendingHookMessageRecord?> OldestPendingHookAsync(string path, string key, HashSet<long> taken, CancellationToken cancellationToken)
    {
        var now = _services.NowMs;
        await using var context = _services.Storage.CreateContext();
        return await context.PendingHookMessages.AsNoTracking()
            .Where(m => m.Path == path && m.Key == key && m.ExpiresAt > now && !taken.Contains(m.Seq))
            .OrderBy(m => m.Seq)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The oldest running (or faulted, so retryable) instance with correlation key <paramref name="key"/> whose workflow
    /// has a <c>WaitForHook</c> step on <paramref name="path"/>; null when there is none.
    /// </summary>
    public async Task<string?> FindHookListenerAsync(string path, string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(key);
        path = path.Trim('/');
        List<(string Id, string WorkflowId, int Version)> candidates;
        await using (var context = _services.Storage.CreateContext())
        {
            var rows = await context.Instances.AsNoTracking()
                .Where(i => i.CorrelationKey == key && (i.Status == nameof(InstanceStatus.Running) || i.Status == nameof(InstanceStatus.Suspended) || i.Status == nameof(InstanceStatus.Faulted)))
                .OrderBy(i => i.CreatedAt)
                .Select(i => new { i.Id, i.WorkflowId, i.Version })
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            candidates = [.. rows.Select(r => (r.Id, r.WorkflowId, r.Version))];
        }
        foreach (var (id, workflowId, version) in candidates)
        {
            var definition = await _services.Catalog.GetVersionAsync(workflowId, version, cancellationToken).ConfigureAwait(false);
            if (definition.Steps.Any(s => WaitsOnHook(s, path)))
            {
                return id;
            }
        }
        return null;
    }

    private static bool WaitsOnHook(Definitions.StepDefinition step, string path)
    {
        if (step.Activity != "WaitForHook" || !step.Inputs.TryGetValue("path", out var input) || input is not JsonValue value
            || !value.TryGetValue<string>(out var text))
        {
            return false;
        }
        // A path computed by an expression is only known once the step runs; it may be this one.
        return text.StartsWith('=') || string.Equals(text.Trim('/'), path, StringComparison.Ordinal);
    }

    private void RaisePendingHooks(long until)
    {
        Interlocked.Increment(ref _pendingHookRaises);
        var current = Volatile.Read(ref _pendingHooksUntil);
        while (until > current && Interlocked.CompareExchange(ref _pendingHooksUntil, until, current) != current)
        {
            current = Volatile.Read(ref _pendingHooksUntil);
        }
    }

    /// <summary>
    /// Sets the hint to what the sweep found; if this process buffered a message meanwhile (its row may have been
    /// invisible to the sweep), the hint goes back to "unknown" until the next sweep.
    /// </summary>
    private void SettlePendingHooks(long latest, long raisesBefore)
    {
        Volatile.Write(ref _pendingHooksUntil, latest);
        if (Volatile.Read(ref _pendingHookRaises) != raisesBefore)
        {
            Volatile.Write(ref _pendingHooksUntil, long.MaxValue);
        }
    }

    private async Task PendingHookLoopAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await SweepPendingHooksAsync(stopping).ConfigureAwait(false);
                await Task.Delay(PendingHookSweepInterval, _services.Clock, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The sweep must survive a busy database; it runs again after the interval.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                BackgroundError?.Invoke(null, ex);
                await Task.Delay(PendingHookSweepInterval, _services.Clock, stopping).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// A message for another instance's hook, written by the sending step's commit (see <see cref="Activities.Messaging.SendToHook"/>)
    /// and delivered right after it.
    /// </summary>
    internal UnitWrite PrepareHookMessage(string path, string key, JsonNode? data, string instanceId, DateTimeOffset now, DateTimeOffset expiresAt)
    {
        var expires = expiresAt.ToUnixTimeMilliseconds();
        // Raised before the row exists, so a bookmark created from now on looks for it.
        RaisePendingHooks(expires);
        return new PendingHookMessageWrite(path, key, data?.ToJsonString() ?? "null", instanceId, now.ToUnixTimeMilliseconds(), expires);
    }

    /// <summary>Inserts a message for another instance's hook in the sending instance's commit.</summary>
    private sealed class PendingHookMessageWrite(string path, string key, string body, string instanceId, long receivedAt, long expiresAt) : UnitWrite
    {
        public string Path { get; } = path;

        public string Key { get; } = key;

        public override void Apply(UnitSql sql)
        {
            ArgumentNullException.ThrowIfNull(sql);
            sql.Execute("INSERT INTO pending_hook_messages (path, key, body, instance_id, received_at, expires_at) VALUES (@path, @key, @body, @instance_id, @received_at, @expires_at)",
                ("path", Path), ("key", Key), ("body", body), ("instance_id", instanceId), ("received_at", receivedAt), ("expires_at", expiresAt));
        }
    }

    /// <summary>Removes a buffered message in the commit that resumes the step it was delivered to; fails the commit if it is gone.</summary>
    private sealed class PendingHookConsumption(long seq) : UnitWrite
    {
        public long Seq { get; } = seq;

        public override void Apply(UnitSql sql)
        {
            ArgumentNullException.ThrowIfNull(sql);
            if (sql.Execute("DELETE FROM pending_hook_messages WHERE seq = @seq", ("seq", Seq)) != 1)
            {
                throw new CommitConflictException($"Buffered hook message {Seq} was already delivered.");
            }
        }
    }
}

/// <summary>A hook call kept for an instance that does not wait on the hook yet.</summary>
/// <param name="Sequence">Its place in the arrival order.</param>
/// <param name="InstanceId">The running instance it was kept for.</param>
/// <param name="ExpiresAt">When it is dropped if nobody consumed it.</param>
public sealed record BufferedHookMessage(long Sequence, string InstanceId, DateTimeOffset ExpiresAt);
