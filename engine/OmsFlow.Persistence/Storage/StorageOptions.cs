namespace OmsFlow.Persistence.Storage;

/// <summary>Where OmsFlow keeps its data (configuration section <c>Storage</c>).</summary>
public sealed class StorageOptions
{
    /// <summary><c>Sqlite</c> (default, embedded) or <c>Postgres</c>.</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>Connection string; defaults to <c>Data Source=data/omsflow.db</c> for SQLite.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// SQLite <c>synchronous</c> pragma: <c>FULL</c> (default) makes every commit durable against power loss,
    /// <c>NORMAL</c> only against a process crash but commits faster.
    /// </summary>
    public string SqliteSynchronous { get; set; } = "FULL";

    /// <summary>
    /// SQLite: copy the write-ahead log into the database file on a background connection (default) instead of inside
    /// the writer's commits, which otherwise stall every queued commit several times a second under load. See
    /// <see cref="WalCheckpointer"/>.
    /// </summary>
    public bool SqliteBackgroundCheckpoint { get; set; } = true;

    /// <summary>
    /// SQLite: shortest time between two background checkpoints. Shorter keeps the log small; longer copies pages that
    /// change often (index pages) once instead of many times. Default 200 ms.
    /// </summary>
    public TimeSpan SqliteCheckpointInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Most commit units the writer puts into one transaction.</summary>
    public int MaxBatch { get; set; } = 256;

    /// <summary>
    /// PostgreSQL only: how long a process's claim on an instance or due timer lasts without renewal. A process that
    /// dies leaves its work to the others after this long. Default 30 seconds; renewed every third of it.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    public string EffectiveConnectionString => ConnectionString ?? Provider switch
    {
        StorageProvider.Sqlite => "Data Source=data/omsflow.db",
        _ => throw new InvalidOperationException("Storage:ConnectionString is required for PostgreSQL."),
    };
}

public enum StorageProvider
{
    Sqlite,
    Postgres,
}
