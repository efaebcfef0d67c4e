using Npgsql;
using OmsFlow.Persistence.Records;
using OmsFlow.Persistence.Storage;

namespace OmsFlow.Persistence.Cluster;

/// <summary>
/// How several server processes share one PostgreSQL database's work: a process claims runnable instances and due
/// bookmarks with a lease (<c>FOR UPDATE SKIP LOCKED</c>, then <c>lease_owner</c>/<c>lease_until</c>), renews its
/// leases while it lives, and releases them when done; a dead process's leases expire and others take the work over.
/// </summary>
/// <remarks>
/// Leases only spread the work and keep an instance on one process at a time; correctness does not rest on them:
/// the writer's revision check and consume-once bookmarks still reject a second writer (e.g. after a pause longer than
/// the lease). Expiry is judged by the database's clock, so processes on machines with skewed clocks agree.
/// </remarks>
public sealed class WorkLeases
{
    /// <summary>Unix milliseconds on the database server's clock.</summary>
    private const string NowMs = "(extract(epoch from clock_timestamp()) * 1000)::bigint";

    private const string Free = "(lease_until IS NULL OR lease_until < " + NowMs + ")";

    private const string ClaimRunnableSql =
        "UPDATE instances SET lease_owner = @owner, lease_until = " + NowMs + " + @duration " +
        "WHERE id IN (SELECT id FROM instances WHERE runnable AND " + Free + " ORDER BY updated_at LIMIT @limit FOR UPDATE SKIP LOCKED) RETURNING id";

    private const string ClaimInstanceSql =
        "UPDATE instances SET lease_owner = @owner, lease_until = " + NowMs + " + @duration " +
        "WHERE id = @id AND (lease_owner = @owner OR " + Free + ")";

    private const string ReleaseInstanceSql = "UPDATE instances SET lease_owner = NULL, lease_until = NULL WHERE id = @id AND lease_owner = @owner";

    private const string ClaimDueSql =
        "UPDATE bookmarks SET lease_owner = @owner, lease_until = " + NowMs + " + @duration " +
        "WHERE id IN (SELECT id FROM bookmarks WHERE due_at IS NOT NULL AND due_at <= @now AND " + Free +
        " ORDER BY due_at LIMIT @limit FOR UPDATE SKIP LOCKED) " +
        "RETURNING " + HotReads.BookmarkColumns;

    private const string ReleaseBookmarksSql = "UPDATE bookmarks SET lease_owner = NULL, lease_until = NULL WHERE id = ANY(@ids) AND lease_owner = @owner";

    /// <summary>Claims a due message by moving its next attempt a lease ahead: if this process dies mid-send, it is retried then.</summary>
    private const string ClaimOutboxSql =
        "UPDATE outbox SET next_attempt_at = @now + @duration " +
        "WHERE id IN (SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= @now ORDER BY next_attempt_at LIMIT @limit FOR UPDATE SKIP LOCKED) " +
        "RETURNING id";

    /// <summary>
    /// Renews only rows nobody has locked: the group-commit writer may hold some of them mid-batch, and waiting for those
    /// while it waits for others would deadlock. A row skipped now is renewed on the next round, well within the lease.
    /// </summary>
    private const string RenewSql =
        "UPDATE instances SET lease_until = " + NowMs + " + @duration " +
        "WHERE id IN (SELECT id FROM instances WHERE lease_owner = @owner FOR UPDATE SKIP LOCKED); " +
        "UPDATE bookmarks SET lease_until = " + NowMs + " + @duration " +
        "WHERE id IN (SELECT id FROM bookmarks WHERE lease_owner = @owner FOR UPDATE SKIP LOCKED)";

    private const string StartupLockSql = "SELECT pg_advisory_lock(@key)";

    /// <summary>Advisory lock key for start-up work done by one process at a time (hash of "omsflow:startup").</summary>
    private const long StartupLockKey = 0x4F4D_5346_5354_5254;

    private readonly string _connectionString;

    /// <param name="connectionString">The PostgreSQL database.</param>
    /// <param name="owner">This process's name in <c>lease_owner</c>; unique per process start.</param>
    /// <param name="duration">How long a claim lasts without renewal; a dead process's work waits this long.</param>
    public WorkLeases(string connectionString, string owner, TimeSpan duration)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        if (duration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "Storage:LeaseDuration must be positive.");
        }
        // A claim lost to a database crash is harmless (it is taken again, like an expired one), so claims skip the
        // durable WAL flush that commits need: they cost a round trip, not a disk sync.
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.Options = ((builder.Options ?? string.Empty) + " -c synchronous_commit=off").Trim();
        _connectionString = builder.ConnectionString;
        Owner = owner;
        Duration = duration;
    }

    public string Owner { get; }

    public TimeSpan Duration { get; }

    /// <summary>A fresh owner name: host, process id and a random suffix (a restarted process never inherits leases).</summary>
    public static string NewOwner() => $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>
    /// Unix milliseconds a lease taken now would last until, by this machine's clock: for instance rows inserted
    /// already held by this process (an instance started inline must not be picked up by another process mid-run).
    /// </summary>
    public long LeaseUntilFromNow() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + DurationMs;

    /// <summary>Claims up to <paramref name="limit"/> runnable instances no live process holds, oldest change first.</summary>
    public async Task<List<string>> ClaimRunnableAsync(int limit, CancellationToken cancellationToken = default)
    {
        var ids = new List<string>();
        if (limit <= 0)
        {
            return ids;
        }
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, ClaimRunnableSql, ("owner", Owner), ("duration", DurationMs), ("limit", limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }

    /// <summary>Claims one instance for this process (or renews a claim it holds); false while another live process holds it.</summary>
    public async Task<bool> TryClaimInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
        => await ExecuteAsync(ClaimInstanceSql, cancellationToken, ("owner", Owner), ("duration", DurationMs), ("id", instanceId)).ConfigureAwait(false) == 1;

    /// <summary>Gives an instance back so any process may run it at once.</summary>
    public Task ReleaseInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
        => ExecuteAsync(ReleaseInstanceSql, cancellationToken, ("owner", Owner), ("id", instanceId));

    /// <summary>Claims bookmarks due by <paramref name="nowMs"/> (engine clock) that no live process holds, earliest first.</summary>
    public async Task<List<BookmarkRecord>> ClaimDueBookmarksAsync(long nowMs, int limit, CancellationToken cancellationToken = default)
    {
        var rows = new List<BookmarkRecord>();
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, ClaimDueSql, ("owner", Owner), ("duration", DurationMs), ("now", nowMs), ("limit", limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var bookmark = HotReads.ReadBookmark(reader);
            bookmark.LeaseOwner = Owner;
            rows.Add(bookmark);
        }
        // RETURNING follows no ORDER BY; fire in due order.
        rows.Sort((a, b) => Nullable.Compare(a.DueAt, b.DueAt));
        return rows;
    }

    /// <summary>
    /// Claims up to <paramref name="limit"/> outbox messages due by <paramref name="nowMs"/> (engine clock) for this
    /// process to deliver, so each attempt is made by one process; unclaimed again after <see cref="Duration"/> if this
    /// process dies before recording the attempt (delivery is at least once; the message id is the idempotency key).
    /// </summary>
    public async Task<List<string>> ClaimDueOutboxAsync(long nowMs, int limit, CancellationToken cancellationToken = default)
    {
        var ids = new List<string>();
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, ClaimOutboxSql, ("now", nowMs), ("duration", DurationMs), ("limit", limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }

    /// <summary>Gives back claimed bookmarks that were not fired (e.g. their instance was busy), so they fire on the next poll.</summary>
    public Task ReleaseBookmarksAsync(IReadOnlyCollection<string> bookmarkIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bookmarkIds);
        return bookmarkIds.Count == 0
            ? Task.CompletedTask
            : ExecuteAsync(ReleaseBookmarksSql, cancellationToken, ("owner", Owner), ("ids", bookmarkIds.ToArray()));
    }

    /// <summary>Extends every lease this process holds; call well within <see cref="Duration"/>.</summary>
    public Task<int> RenewAsync(CancellationToken cancellationToken = default)
        => ExecuteAsync(RenewSql, cancellationToken, ("owner", Owner), ("duration", DurationMs));

    /// <summary>
    /// Waits until no other process is doing start-up work (deploying reference definitions, syncing schedules) and
    /// holds that right until disposed: processes starting together on an empty database deploy once.
    /// </summary>
    public async Task<IAsyncDisposable> AcquireStartupLockAsync(CancellationToken cancellationToken = default)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = Command(connection, StartupLockSql, ("key", StartupLockKey));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        // Closing the session releases a session-level advisory lock; the connection is not returned to the pool holding it.
        return new SessionLock(connection);
    }

    /// <summary>Closes this process's idle lease connections (the storage is being disposed).</summary>
    internal void ClearPool()
    {
        using var connection = new NpgsqlConnection(_connectionString);
        NpgsqlConnection.ClearPool(connection);
    }

    private long DurationMs => (long)Duration.TotalMilliseconds;

    private async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
#pragma warning disable CA2100 // Only this class's constant statements reach here; values are parameters.
        var command = new NpgsqlCommand(sql, connection);
#pragma warning restore CA2100
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return command;
    }

    private sealed class SessionLock(NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using (var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", connection))
            {
                await unlock.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
