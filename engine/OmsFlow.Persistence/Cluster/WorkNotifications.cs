using Npgsql;
using OmsFlow.Persistence.Storage;

namespace OmsFlow.Persistence.Cluster;

/// <summary>The kinds of work a committed batch can make ready for other processes (PostgreSQL scale-out).</summary>
[Flags]
public enum WorkKinds
{
    None = 0,

    /// <summary>An instance became runnable that no process holds: any process may claim and run it.</summary>
    Run = 1,

    /// <summary>A timer became due, or will within the notice horizon.</summary>
    Timer = 2,

    /// <summary>An outbox message was queued.</summary>
    Outbox = 4,
}

/// <summary>
/// Wakes idle server processes when work becomes ready instead of leaving it to their next poll: the commit that makes
/// work ready sends <c>NOTIFY omsflow_work</c> in its own transaction (delivered only if it commits), and each process
/// keeps one connection listening on that channel.
/// </summary>
/// <remarks>
/// Notifications only shorten the wait; claims stay the source of truth. A notification lost with a dropped listening
/// connection is covered by the processes' fallback polling, and the listener reports the loss so they poll at the
/// short interval until it is back.
/// </remarks>
public sealed class WorkNotifications
{
    /// <summary>The PostgreSQL notification channel.</summary>
    public const string Channel = "omsflow_work";

    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(1);

    /// <summary>One constant statement per combination of kinds: the writer caches each as a prepared command.</summary>
    private static readonly string?[] NotifySql = [.. Enumerable.Range(0, 8).Select(k => BuildNotifySql((WorkKinds)k))];

    private readonly string _connectionString;

    /// <param name="connectionString">The PostgreSQL database the processes share.</param>
    public WorkNotifications(string connectionString)
    {
        // TCP keepalives let a listener notice a dead server or network even while no notification arrives.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { KeepAlive = 10, Pooling = false };
        _connectionString = builder.ConnectionString;
    }

    /// <summary>
    /// What the given commit units make ready for other processes: runnable instances nobody holds, timers due within
    /// <paramref name="timerHorizonMs"/> of <paramref name="nowMs"/>, and outbox messages.
    /// </summary>
    /// <remarks>
    /// A runnable instance held by the committing process (it runs it next) wakes nobody. A timer due later than the
    /// horizon needs no notification either: every process looks for the next due timer at least that often.
    /// </remarks>
    public static WorkKinds Classify(IEnumerable<CommitUnit> units, long nowMs, long timerHorizonMs)
    {
        ArgumentNullException.ThrowIfNull(units);
        var kinds = WorkKinds.None;
        foreach (var unit in units)
        {
            // Only new rows: an update is written by the process holding the instance, which goes on running it.
            if ((unit.ExpectedRevision is null && unit.Instance is { Runnable: true, LeaseOwner: null })
                || unit.StartedInstances.Exists(i => i.Runnable && i.LeaseOwner is null))
            {
                kinds |= WorkKinds.Run;
            }
            if (unit.FiredBookmarks.Count > 0 || unit.AddedBookmarks.Exists(b => b.DueAt is { } due && due <= nowMs + timerHorizonMs))
            {
                kinds |= WorkKinds.Timer;
            }
            if (unit.Outbox.Count > 0)
            {
                kinds |= WorkKinds.Outbox;
            }
        }
        return kinds;
    }

    /// <summary>The statement that notifies listeners of <paramref name="kinds"/>; null for none.</summary>
    public static string? Sql(WorkKinds kinds) => NotifySql[(int)kinds & 7];

    /// <summary>Parses a notification payload; unknown words are ignored (a newer process may send more kinds).</summary>
    public static WorkKinds Parse(string payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var kinds = WorkKinds.None;
        foreach (var word in payload.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (Enum.TryParse<WorkKinds>(word, ignoreCase: true, out var kind) && Enum.IsDefined(kind))
            {
                kinds |= kind;
            }
        }
        return kinds;
    }

    /// <summary>
    /// Listens until <paramref name="stopping"/> is cancelled, calling <paramref name="notified"/> for every notification
    /// and <paramref name="listening"/> whenever the connection comes up (true) or is lost (false); reconnects after a loss.
    /// </summary>
    /// <remarks>
    /// After each (re)connection <paramref name="listening"/>(true) is raised once LISTEN is in place, so the caller can
    /// look for work that became ready while nobody listened.
    /// </remarks>
    public async Task ListenAsync(Action<WorkKinds> notified, Action<bool> listening, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(notified);
        ArgumentNullException.ThrowIfNull(listening);
        while (!stopping.IsCancellationRequested)
        {
            var connected = false;
            try
            {
                await using var connection = new NpgsqlConnection(_connectionString);
                connection.Notification += (_, e) =>
                {
                    if (e.Channel == Channel)
                    {
                        notified(Parse(e.Payload));
                    }
                };
                await connection.OpenAsync(stopping).ConfigureAwait(false);
                await using (var listen = new NpgsqlCommand("LISTEN " + Channel, connection))
                {
                    await listen.ExecuteNonQueryAsync(stopping).ConfigureAwait(false);
                }
                connected = true;
                listening(true);
                while (true)
                {
                    await connection.WaitAsync(stopping).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or System.IO.IOException or System.Net.Sockets.SocketException or InvalidOperationException)
            {
                // The database restarted or the network dropped: poll at the short interval until listening again.
                if (connected)
                {
                    listening(false);
                }
            }
            try
            {
                await Task.Delay(ReconnectDelay, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static string? BuildNotifySql(WorkKinds kinds)
        => kinds == WorkKinds.None
            ? null
            : $"NOTIFY {Channel}, '{kinds.ToString().Replace(" ", string.Empty, StringComparison.Ordinal)}'";
}
