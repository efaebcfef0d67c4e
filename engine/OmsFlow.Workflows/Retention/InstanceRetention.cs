using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using OmsFlow.Persistence;
using OmsFlow.Persistence.Storage;

namespace OmsFlow.Workflows.Retention;

/// <summary>
/// Deletes finished instances older than <see cref="RetentionOptions.FinishedInstanceAge"/> with everything that hangs
/// off them (journal, bookmarks, incidents, delivered outbox messages and their attempts), optionally archiving each
/// batch to a file first. Issued documents, orders and undelivered outbox messages stay: they are business records.
/// </summary>
/// <remarks>
/// <para>
/// Work is done in batches of <see cref="RetentionOptions.BatchSize"/> instances, one short transaction each, so the
/// engine's commits never wait long. Candidates are read outside the transaction (and archived); the transaction then
/// deletes only those whose revision is unchanged, so an instance that was retried or cancelled meanwhile is kept.
/// </para>
/// <para>
/// One sweep runs at a time: in this process by a gate, across processes sharing a PostgreSQL database by a session
/// advisory lock held for the sweep (released by the database if the process dies). A sweep that finds the lock taken
/// does not wait; it reports that it did not run.
/// </para>
/// </remarks>
public sealed partial class InstanceRetention
{
    /// <summary>
    /// PostgreSQL advisory lock key a process holds while it sweeps (ASCII "OMSFRETN"); visible in <c>pg_locks</c> as
    /// objid 1380275278 with classid 1330467654.
    /// </summary>
    public const long SweepLockKey = 0x4F4D_5346_5245_544E;

    private readonly OmsFlowStorage _storage;
    private readonly RetentionOptions _options;
    private readonly TimeProvider _clock;
    private readonly Lock _totalsLock = new();
    private RetentionTotals _totals = new(0, 0, 0, 0, 0, 0, null);
    private int _sweeping;

    public InstanceRetention(OmsFlowStorage storage, RetentionOptions options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(options);
        if (options.BatchSize is < 1 or > 5000)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.BatchSize, "Retention:BatchSize must be between 1 and 5000.");
        }
        _storage = storage;
        _options = options;
        _clock = clock;
    }

    public RetentionOptions Options => _options;

    /// <summary>Totals of every sweep this process ran.</summary>
    public RetentionTotals Totals
    {
        get
        {
            lock (_totalsLock)
            {
                return _totals;
            }
        }
    }

    /// <summary>Runs one sweep to the end (or until cancelled between batches) and says what it removed.</summary>
    public async Task<RetentionSweepResult> SweepAsync(CancellationToken cancellationToken = default)
    {
        if (!_options.Enabled)
        {
            return RetentionSweepResult.NotRun("Retention is off: set Retention:FinishedInstanceAge to an age such as 30.00:00:00.");
        }
        if (Interlocked.CompareExchange(ref _sweeping, 1, 0) != 0)
        {
            return RetentionSweepResult.NotRun("A retention sweep is already running in this process; try again when it ends.");
        }
        try
        {
            await using var context = _storage.CreateContext();
            await context.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var connection = context.Database.GetDbConnection();
                if (!await TryLockAsync(connection, cancellationToken).ConfigureAwait(false))
                {
                    return RetentionSweepResult.NotRun("A retention sweep is already running in another server process; try again when it ends.");
                }
                try
                {
                    return await SweepLockedAsync(context, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    await UnlockAsync(connection).ConfigureAwait(false);
                }
            }
            finally
            {
                await context.Database.CloseConnectionAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            lock (_totalsLock)
            {
                _totals = _totals with { Failures = _totals.Failures + 1 };
            }
            throw;
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }

    private async Task<RetentionSweepResult> SweepLockedAsync(OmsFlowDbContext context, CancellationToken cancellationToken)
    {
        var olderThan = _clock.GetUtcNow() - _options.FinishedInstanceAge!.Value;
        var cutoff = olderThan.ToUnixTimeMilliseconds();
        var archive = _options.Archive == RetentionArchiveMode.Directory;
        var files = new List<string>();
        int instances = 0, journal = 0, outbox = 0, archived = 0, batches = 0;
        foreach (var status in FinishedStatuses)
        {
            var cursor = Cursor.Start;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var candidates = await CandidatesAsync(context, status, cutoff, cursor, cancellationToken).ConfigureAwait(false);
                if (candidates.Count == 0)
                {
                    break;
                }
                cursor = new Cursor(candidates[^1].UpdatedAt, candidates[^1].Id);
                var batchArchived = 0;
                if (archive)
                {
                    var rows = await ArchiveRowsAsync(context, candidates, cancellationToken).ConfigureAwait(false);
                    files.Add(await InstanceArchive.WriteAsync(_options.ArchivePath, _clock.GetUtcNow(), rows, cancellationToken).ConfigureAwait(false));
                    batchArchived = rows.Count;
                }
                var deleted = await DeleteAsync(context, candidates, cancellationToken).ConfigureAwait(false);
                archived += batchArchived;
                instances += deleted.Instances;
                journal += deleted.Journal;
                outbox += deleted.Outbox;
                batches++;
                lock (_totalsLock)
                {
                    _totals = _totals with
                    {
                        Instances = _totals.Instances + deleted.Instances,
                        Archived = _totals.Archived + batchArchived,
                        JournalEntries = _totals.JournalEntries + deleted.Journal,
                        OutboxMessages = _totals.OutboxMessages + deleted.Outbox,
                    };
                }
                if (candidates.Count < _options.BatchSize)
                {
                    break;
                }
            }
        }
        lock (_totalsLock)
        {
            _totals = _totals with { Sweeps = _totals.Sweeps + 1, LastSweepAt = _clock.GetUtcNow() };
        }
        return new RetentionSweepResult(true, null, olderThan, instances, journal, outbox, archived, batches, files);
    }

    private async Task<bool> TryLockAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (_storage.Settings.Provider != StorageProvider.Postgres)
        {
            // SQLite: one process owns the database; the in-process gate is enough.
            return true;
        }
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT pg_try_advisory_lock(@key)";
        AddParameter(command, "key", SweepLockKey);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true;
    }

    private async Task UnlockAsync(DbConnection connection)
    {
        if (_storage.Settings.Provider != StorageProvider.Postgres)
        {
            return;
        }
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT pg_advisory_unlock(@key)";
        AddParameter(command, "key", SweepLockKey);
        // Also released when the session closes; unlock now so the pooled connection does not keep it.
        await command.ExecuteScalarAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Position of a sweep within one status: past every candidate up to this (updated_at, id).</summary>
    private readonly record struct Cursor(long UpdatedAt, string Id)
    {
        public static readonly Cursor Start = new(long.MinValue, string.Empty);
    }

    private sealed record Candidate(string Id, long UpdatedAt, long Revision);

    private readonly record struct Deleted(int Instances, int Journal, int Outbox);
}
