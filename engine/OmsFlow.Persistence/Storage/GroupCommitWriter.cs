using System.Data.Common;
using System.Threading.Channels;

namespace OmsFlow.Persistence.Storage;

/// <summary>
/// The single writer: commit units from many instances queue here and are written in shared transactions
/// (group commit), so one durable fsync covers a whole batch. Each unit runs inside its own savepoint, so a
/// conflicting unit is rejected without failing its neighbours.
/// </summary>
public sealed partial class GroupCommitWriter : IAsyncDisposable
{
    private readonly Func<DbConnection> _openConnection;
    private readonly int _maxBatch;
    private readonly Action<DbConnection>? _afterCommit;
    private readonly Channel<PendingCommit> _queue = Channel.CreateUnbounded<PendingCommit>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);
    private DbConnection? _connection;
    private long _transactions;
    private long _units;

    /// <param name="openConnection">Opens the dedicated writer connection (already configured: WAL, synchronous).</param>
    /// <param name="maxBatch">Most units per transaction.</param>
    /// <param name="afterCommit">
    /// Runs on the writer's connection after each transaction, once its callers are released (SQLite: signals the
    /// <see cref="WalCheckpointer"/>).
    /// </param>
    public GroupCommitWriter(Func<DbConnection> openConnection, int maxBatch = 256, Action<DbConnection>? afterCommit = null)
    {
        _openConnection = openConnection;
        _maxBatch = Math.Max(1, maxBatch);
        _afterCommit = afterCommit;
        _loop = Task.Factory.StartNew(RunAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    /// <summary>Transactions committed so far (each may hold many units).</summary>
    public long Transactions => Interlocked.Read(ref _transactions);

    /// <summary>Commit units written so far.</summary>
    public long Units => Interlocked.Read(ref _units);

    /// <summary>
    /// A statement run in each batch's transaction just before it commits, chosen from the units that succeeded (null:
    /// none). PostgreSQL scale-out sets it to NOTIFY other processes of the work a batch made runnable.
    /// </summary>
    public Func<IEnumerable<CommitUnit>, string?>? BeforeCommit { get; set; }

    /// <summary>Queues <paramref name="unit"/>; completes once it is durably committed.</summary>
    /// <exception cref="CommitConflictException">Another writer changed the instance or consumed a bookmark first.</exception>
    public Task CommitAsync(CommitUnit unit)
    {
        var pending = new PendingCommit(unit);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(GroupCommitWriter), "The writer has stopped; the server is shutting down.");
        }
        return pending.Completion.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        foreach (var command in _commands.Values)
        {
            await command.DisposeAsync().ConfigureAwait(false);
        }
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task RunAsync()
    {
        var batch = new List<PendingCommit>(_maxBatch);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < _maxBatch && reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }
            WriteBatch(batch);
        }
    }

    private void WriteBatch(List<PendingCommit> batch)
    {
        try
        {
            _connection ??= _openConnection();
            using var transaction = _connection.BeginTransaction();
            var results = new Exception?[batch.Count];
            for (var i = 0; i < batch.Count; i++)
            {
                results[i] = WriteUnit(transaction, batch[i].Unit);
            }
            if (BeforeCommit?.Invoke(batch.Where((_, i) => results[i] is null).Select(p => p.Unit)) is { } beforeCommit)
            {
                Execute(transaction, beforeCommit);
            }
            transaction.Commit();
            Interlocked.Increment(ref _transactions);
            Interlocked.Add(ref _units, batch.Count);
            for (var i = 0; i < batch.Count; i++)
            {
                if (results[i] is { } error)
                {
                    batch[i].Completion.TrySetException(error);
                }
                else
                {
                    batch[i].Completion.TrySetResult();
                }
            }
            AfterCommit();
        }
#pragma warning disable CA1031 // Any storage failure must reach every waiting caller rather than kill the writer loop.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            ResetConnection();
            foreach (var pending in batch)
            {
                pending.Completion.TrySetException(ex);
            }
        }
    }

    private void AfterCommit()
    {
        try
        {
            _afterCommit?.Invoke(_connection!);
        }
        catch (DbException)
        {
            // Maintenance only (a checkpoint that could not run now); the committed batch stands and the next one retries.
        }
    }

    private void ResetConnection()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }
        _commands.Clear();
        _connection?.Dispose();
        _connection = null;
    }

    private sealed class PendingCommit(CommitUnit unit)
    {
        public CommitUnit Unit { get; } = unit;

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
