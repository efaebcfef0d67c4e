namespace OmsFlow.Workflows.Retention;

/// <summary>How long finished instances are kept, and whether they are archived before they go (configuration section <c>Retention</c>).</summary>
/// <remarks>
/// Retention is off unless <see cref="FinishedInstanceAge"/> is set to a positive age. Only finished instances go:
/// completed, cancelled, and faulted ones whose incidents are all resolved; running, suspended and faulted instances
/// with an open incident stay, as do children of an instance that is still live.
/// </remarks>
public sealed class RetentionOptions
{
    /// <summary>Finished instances whose last change is older than this are deleted (e.g. <c>30.00:00:00</c>); unset or zero: never.</summary>
    public TimeSpan? FinishedInstanceAge { get; set; }

    /// <summary><c>None</c> (default): delete only; <c>Directory</c>: write each batch to a gzip JSON-lines file under <see cref="ArchivePath"/> first.</summary>
    public RetentionArchiveMode Archive { get; set; } = RetentionArchiveMode.None;

    /// <summary>Folder of the archive files. Default <c>./data/archive</c>.</summary>
    public string ArchivePath { get; set; } = Path.Combine("data", "archive");

    /// <summary>
    /// Instances deleted per transaction. Small batches keep each write short, so the engine's commits wait at most
    /// one batch for the database (SQLite has one writer). Default 200.
    /// </summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>How often the server sweeps. Default one hour; the first sweep runs right after start-up.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>True when <see cref="FinishedInstanceAge"/> is a positive age.</summary>
    public bool Enabled => FinishedInstanceAge is { } age && age > TimeSpan.Zero;
}

/// <summary>What happens to a finished instance's data before it is deleted.</summary>
public enum RetentionArchiveMode
{
    /// <summary>Deleted without a copy.</summary>
    None,

    /// <summary>Written to a gzip JSON-lines file (state, journal, incidents), flushed to disk, then deleted.</summary>
    Directory,
}
