namespace OmsFlow.Workflows.Retention;

/// <summary>What one retention sweep removed.</summary>
/// <param name="Ran">False when the sweep did not run: retention is off, or another sweep (in this or another process) holds the lock.</param>
/// <param name="Reason">Why the sweep did not run; null when it ran.</param>
/// <param name="OlderThan">Finished instances last changed before this moment were removed.</param>
/// <param name="Instances">Instances deleted (children included: each child is an instance of its own).</param>
/// <param name="JournalEntries">Journal entries deleted with them.</param>
/// <param name="OutboxMessages">Delivered outbox messages deleted with them (undelivered ones always stay).</param>
/// <param name="Archived">Instances written to archive files (0 unless archiving is on).</param>
/// <param name="Batches">Transactions the deletion took.</param>
/// <param name="ArchiveFiles">Archive files written (full paths), in order.</param>
public sealed record RetentionSweepResult(
    bool Ran,
    string? Reason,
    DateTimeOffset? OlderThan,
    int Instances,
    int JournalEntries,
    int OutboxMessages,
    int Archived,
    int Batches,
    IReadOnlyList<string> ArchiveFiles)
{
    /// <summary>A sweep that did not run, and why.</summary>
    public static RetentionSweepResult NotRun(string reason) => new(false, reason, null, 0, 0, 0, 0, 0, []);
}

/// <summary>Running totals of every sweep since the process started (for metrics).</summary>
/// <param name="Sweeps">Sweeps that ran.</param>
/// <param name="Instances">Instances deleted.</param>
/// <param name="Archived">Instances written to archive files before deletion.</param>
/// <param name="JournalEntries">Journal entries deleted.</param>
/// <param name="OutboxMessages">Delivered outbox messages deleted.</param>
/// <param name="Failures">Sweeps that failed (the next one retries).</param>
/// <param name="LastSweepAt">When the last sweep that ran finished; null before the first.</param>
public sealed record RetentionTotals(long Sweeps, long Instances, long Archived, long JournalEntries, long OutboxMessages, long Failures, DateTimeOffset? LastSweepAt);
