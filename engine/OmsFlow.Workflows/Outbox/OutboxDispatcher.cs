using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using OmsFlow.Persistence.Records;
using OmsFlow.Persistence.Storage;

namespace OmsFlow.Workflows.Outbox;

/// <summary>
/// Delivers outbox messages after their commit: at least once, with exponential backoff and jitter, every attempt
/// recorded, and dead letters after <see cref="OutboxOptions.MaxAttempts"/> (replayable). Transports receive the
/// message id, stable across retries, to deduplicate on their side.
/// </summary>
public sealed class OutboxDispatcher : IAsyncDisposable
{
    private readonly OmsFlowStorage _storage;
    private readonly Dictionary<string, IOutboxTransport> _transports;
    private readonly TimeProvider _clock;
    private readonly OutboxOptions _options;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;
    private int _disposed;

    public OutboxDispatcher(OmsFlowStorage storage, IEnumerable<IOutboxTransport> transports, TimeProvider clock, OutboxOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(transports);
        _storage = storage;
        _transports = transports.ToDictionary(t => t.Channel, StringComparer.OrdinalIgnoreCase);
        _clock = clock;
        _options = options ?? new OutboxOptions();
    }

    /// <summary>Raised when delivery of a message fails (it will be retried or has become a dead letter).</summary>
    public event Action<OutboxRecord, Exception>? DeliveryFailed;

    /// <summary>Starts the background sender.</summary>
    public void Start() => _loop ??= Task.Run(() => LoopAsync(_stopping.Token));

    /// <summary>Wakes the sender now (a commit queued messages).</summary>
    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }

    /// <summary>Delivers every pending message that is due; returns how many were attempted.</summary>
    /// <remarks>
    /// Each attempt is recorded through the storage's group-commit writer, so the records share the fsyncs of the
    /// engine's own commits instead of costing a transaction each; they are all durable before this returns, so the
    /// next round cannot pick a delivered message again. A crash between a delivery and its record re-delivers that
    /// message with the same id (at least once; receivers deduplicate on the id).
    /// </remarks>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken = default)
    {
        var recorded = new List<Task>();
        try
        {
            if (_storage.Leases is { } leases)
            {
                return await DeliverClaimedAsync(leases, recorded, cancellationToken).ConfigureAwait(false);
            }
            var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
            List<OutboxRecord> due;
            await using (var context = _storage.CreateContext())
            {
                due = await context.Outbox.AsNoTracking().Where(m => m.Status == "pending" && m.NextAttemptAt <= now)
                    .OrderBy(m => m.NextAttemptAt).Take(_options.Batch).ToListAsync(cancellationToken).ConfigureAwait(false);
            }
            foreach (var message in due)
            {
                recorded.Add(await DeliverAsync(message, cancellationToken).ConfigureAwait(false));
            }
            return due.Count;
        }
        finally
        {
            await Task.WhenAll(recorded).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Several processes share the outbox (PostgreSQL): each message is claimed just before its attempt, so the claim
    /// covers one delivery rather than a whole batch that could outlast it and be claimed again by another process.
    /// </summary>
    /// <remarks>The time is read afresh for every claim: a claim dated at the start of a long batch would already have run out.</remarks>
    private async Task<int> DeliverClaimedAsync(Persistence.Cluster.WorkLeases leases, List<Task> recorded, CancellationToken cancellationToken)
    {
        var attempted = 0;
        await using var context = _storage.CreateContext();
        while (attempted < _options.Batch
            && await leases.ClaimDueOutboxAsync(_clock.GetUtcNow().ToUnixTimeMilliseconds(), 1, cancellationToken).ConfigureAwait(false) is [var id])
        {
            var message = await context.Outbox.AsNoTracking().FirstAsync(m => m.Id == id, cancellationToken).ConfigureAwait(false);
            recorded.Add(await DeliverAsync(message, cancellationToken).ConfigureAwait(false));
            attempted++;
        }
        return attempted;
    }

    /// <summary>Puts a dead letter back in the queue for immediate delivery; false if it is not dead.</summary>
    public async Task<bool> ReplayAsync(string messageId, CancellationToken cancellationToken = default)
    {
        await using var context = _storage.CreateContext();
        var message = await context.Outbox.FirstOrDefaultAsync(m => m.Id == messageId && m.Status == "dead", cancellationToken).ConfigureAwait(false);
        if (message is null)
        {
            return false;
        }
        message.Status = "pending";
        message.NextAttemptAt = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        message.Attempts = 0;
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        Wake();
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            try
            {
                await _loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }
        }
        _stopping.Dispose();
        _wake.Dispose();
    }

    /// <summary>Attempts one delivery and queues its record; the returned task completes when the record is durable.</summary>
    private async Task<Task> DeliverAsync(OutboxRecord message, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var attempt = message.Attempts + 1;
        Exception? failure = null;
        var permanent = false;
        if (!_transports.TryGetValue(message.Channel, out var transport))
        {
            failure = new PermanentDeliveryException($"No transport is configured for channel '{message.Channel}'.");
            permanent = true;
        }
        else
        {
            try
            {
                await transport.DeliverAsync(message, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // Any transport failure is recorded and retried; it must not stop delivery of other messages.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failure = ex;
                permanent = ex is PermanentDeliveryException;
            }
        }
        var now = _clock.GetUtcNow();
        message.Attempts = attempt;
        var record = new OutboxAttemptRecord
        {
            MessageId = message.Id,
            Attempt = attempt,
            At = now.ToUnixTimeMilliseconds(),
            Succeeded = failure is null,
            Error = failure?.Message,
            DurationMs = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds,
        };
        if (failure is null)
        {
            message.Status = "sent";
            message.SentAt = now.ToUnixTimeMilliseconds();
            message.LastError = null;
        }
        else
        {
            message.LastError = failure.Message;
            if (permanent || attempt >= _options.MaxAttempts)
            {
                message.Status = "dead";
            }
            else
            {
                message.NextAttemptAt = (now + Backoff(attempt)).ToUnixTimeMilliseconds();
            }
            DeliveryFailed?.Invoke(message, failure);
        }
        var unit = new CommitUnit();
        unit.Writes.Add(new RecordDeliveryAttempt(message, record));
        return _storage.Writer.CommitAsync(unit);
    }

    /// <summary>Exponential backoff with ±20% jitter, so retries of many messages do not arrive in lockstep.</summary>
    private TimeSpan Backoff(int attempt)
    {
        var exponential = _options.FirstRetryDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
        var capped = Math.Min(exponential, _options.MaxDelay.TotalMilliseconds);
#pragma warning disable CA5394 // Jitter needs no cryptographic randomness.
        var jitter = 0.8 + (Random.Shared.NextDouble() * 0.4);
#pragma warning restore CA5394
        return TimeSpan.FromMilliseconds(capped * jitter);
    }

    private async Task LoopAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            var attempted = 0;
            try
            {
                attempted = await DeliverDueAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (System.Data.Common.DbException)
            {
                // The database was busy; the messages stay pending and are tried on the next round.
            }
            if (attempted < _options.Batch)
            {
                await _wake.WaitAsync(_options.PollInterval, stopping).ConfigureAwait(false);
            }
        }
    }
}
