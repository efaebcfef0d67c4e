using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace OmsFlow.Persistence.Storage;

/// <summary>
/// Copies the SQLite write-ahead log back into the database file on a connection of its own, so the single writer
/// never stops committing for a checkpoint.
/// </summary>
/// <remarks>
/// SQLite's automatic checkpoint runs inside the commit that crosses 1,000 WAL pages: under a steady stream of commits
/// that is several times a second, each copying pages and syncing the database file while every queued commit waits —
/// the tail of hook latency. Here the writer's automatic checkpoint is off; after each commit the writer only signals,
/// and this loop runs a PASSIVE checkpoint (which never blocks the writer or readers) at most every
/// <see cref="Interval"/>. Durability is unchanged: a commit is durable once its WAL frames are synced, which the writer
/// still does per transaction. Should the log still grow past <see cref="FallbackFrames"/> (checkpoints that cannot keep
/// up), or no background checkpoint succeed for <see cref="FallbackAfter"/> (a stuck or failing loop), the writer
/// checkpoints itself between two transactions, as SQLite would have.
/// </remarks>
public sealed class WalCheckpointer : IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _due = new(0, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private int _signalled;
    private long _logFrames;
    private long _checkpoints;
    private long _lastCheckpointAt = Environment.TickCount64;

    /// <param name="connectionString">The database's connection string (a file; not <c>:memory:</c>).</param>
    /// <param name="interval">Shortest time between two checkpoints.</param>
    /// <param name="fallbackFrames">WAL frames after which the writer checkpoints itself.</param>
    /// <param name="fallbackAfter">Time without a background checkpoint after which the writer checkpoints itself.</param>
    public WalCheckpointer(string connectionString, TimeSpan? interval = null, int fallbackFrames = 16384, TimeSpan? fallbackAfter = null)
    {
        _connectionString = connectionString;
        Interval = interval ?? TimeSpan.FromMilliseconds(200);
        FallbackFrames = Math.Max(1000, fallbackFrames);
        FallbackAfter = fallbackAfter ?? TimeSpan.FromSeconds(5);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Shortest time between two background checkpoints. Default 200 ms.</summary>
    public TimeSpan Interval { get; }

    /// <summary>WAL frames after which the writer checkpoints itself instead of waiting for this loop. Default 16,384 (64 MB of 4 KB pages).</summary>
    public int FallbackFrames { get; }

    /// <summary>Time without a background checkpoint after which the writer checkpoints itself. Default 5 s.</summary>
    public TimeSpan FallbackAfter { get; }

    /// <summary>Checkpoints run so far (background and fallback).</summary>
    public long Checkpoints => Interlocked.Read(ref _checkpoints);

    /// <summary>True for SQLite databases that live in a file (in-memory ones have no log to copy).</summary>
    public static bool Applies(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        return builder.Mode != SqliteOpenMode.Memory && builder.DataSource is { Length: > 0 } source && source != ":memory:";
    }

    /// <summary>Sets up the writer's connection: no automatic checkpoints inside its commits.</summary>
    public static void ConfigureWriter(DbConnection writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        using var command = writer.CreateCommand();
        command.CommandText = "PRAGMA wal_autocheckpoint=0;";
        command.ExecuteNonQuery();
    }

    /// <summary>Called by the writer after each committed transaction, on its own thread.</summary>
    public void AfterCommit(DbConnection writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (Interlocked.Read(ref _logFrames) >= FallbackFrames
            || Environment.TickCount64 - Interlocked.Read(ref _lastCheckpointAt) >= (long)FallbackAfter.TotalMilliseconds)
        {
            // The loop is not keeping up: copy the log now, between two transactions, as SQLite's own checkpoint would.
            Completed(Checkpoint(writer).Log);
        }
        if (Interlocked.Exchange(ref _signalled, 1) == 0)
        {
            _due.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        _stopping.Dispose();
        _due.Dispose();
    }

    private async Task RunAsync()
    {
        var stopping = _stopping.Token;
        SqliteConnection? connection = null;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                await _due.WaitAsync(stopping).ConfigureAwait(false);
                // Commits during the pause are covered by this same checkpoint.
                await Task.Delay(Interval, stopping).ConfigureAwait(false);
                Interlocked.Exchange(ref _signalled, 0);
                try
                {
                    connection ??= Open();
                    Completed(Checkpoint(connection).Log);
                }
                catch (SqliteException)
                {
                    // Busy or a transient I/O error: the next commit signals again, and the writer's fallback bounds the log.
                    connection?.Dispose();
                    connection = null;
                }
            }
        }
        finally
        {
            connection?.Dispose();
        }
    }

    private void Completed(long logFrames)
    {
        Interlocked.Exchange(ref _logFrames, logFrames);
        Interlocked.Exchange(ref _lastCheckpointAt, Environment.TickCount64);
        Interlocked.Increment(ref _checkpoints);
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    /// <summary>A PASSIVE checkpoint: copies what it can without waiting for the writer or readers.</summary>
    private static (bool Busy, long Log, long Copied) Checkpoint(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0) != 0, reader.GetInt64(1), reader.GetInt64(2)) : (false, 0, 0);
    }
}
