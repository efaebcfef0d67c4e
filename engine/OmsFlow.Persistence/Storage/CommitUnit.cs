using OmsFlow.Persistence.Records;

namespace OmsFlow.Persistence.Storage;

/// <summary>
/// Everything one instance changes at a suspension point, written atomically: the instance row, new journal
/// entries, bookmarks added and consumed, incidents, outbox messages and domain writes.
/// </summary>
public sealed class CommitUnit
{
    /// <summary>The instance row to insert or update.</summary>
    public InstanceRecord? Instance { get; set; }

    /// <summary>
    /// The revision the row must still have for the update to apply (optimistic concurrency), or null for a new instance.
    /// </summary>
    public long? ExpectedRevision { get; set; }

    public List<JournalRecord> Journal { get; } = [];

    public List<BookmarkRecord> AddedBookmarks { get; } = [];

    /// <summary>Bookmarks this commit consumes. Each must still exist, or the commit is rejected: a bookmark fires once.</summary>
    public List<string> ConsumedBookmarks { get; } = [];

    /// <summary>Bookmarks removed if present (e.g. a task's timeout timer once the task completed).</summary>
    public List<string> RemovedBookmarks { get; } = [];

    /// <summary>
    /// Removes bookmarks: one added by this same unit is simply not written (the writer deletes before it inserts, so a
    /// delete could not reach it), others are deleted when the unit commits.
    /// </summary>
    public void RemoveBookmarks(IEnumerable<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        foreach (var id in ids)
        {
            if (AddedBookmarks.RemoveAll(b => b.Id == id) == 0)
            {
                RemovedBookmarks.Add(id);
            }
        }
    }

    /// <summary>Bookmarks of other instances made due now with data (a child instance finished: its parent resumes).</summary>
    public List<BookmarkFiring> FiredBookmarks { get; } = [];

    public List<IncidentRecord> Incidents { get; } = [];

    /// <summary>Resolve the instance's open incidents at this time (retry or cancel).</summary>
    public long? ResolveIncidentsAt { get; set; }

    public List<OutboxRecord> Outbox { get; } = [];

    /// <summary>Domain changes (orders, inventory, invoices) written with this unit; see <see cref="UnitWrite"/>.</summary>
    public List<UnitWrite> Writes { get; } = [];

    /// <summary>Other instances to insert with this commit (children started by a step).</summary>
    public List<InstanceRecord> StartedInstances { get; } = [];
}

/// <summary>Makes a waiting bookmark due now, carrying the data it resumes with.</summary>
public sealed record BookmarkFiring(string BookmarkId, long DueAt, string? Payload);

/// <summary>A commit was rejected because another writer changed the instance or consumed its bookmark first.</summary>
public sealed class CommitConflictException : Exception
{
    public CommitConflictException()
    {
    }

    public CommitConflictException(string message)
        : base(message)
    {
    }

    public CommitConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
