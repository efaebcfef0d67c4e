namespace OmsFlow.Persistence.Records;

/// <summary>
/// Something a suspended instance waits for. A row with <see cref="DueAt"/> set is fired by the timer poller once due:
/// timers, retry backoffs, and child completions (set due "now" in the child's final commit, so a crash cannot lose it).
/// </summary>
public sealed class BookmarkRecord
{
    public required string Id { get; set; }

    public required string InstanceId { get; set; }

    public required string TokenId { get; set; }

    public required string Step { get; set; }

    /// <summary>signal, hook, timer, task, child.</summary>
    public required string Kind { get; set; }

    public required string Name { get; set; }

    public string? CorrelationKey { get; set; }

    /// <summary>Unix milliseconds when it fires; null for bookmarks resumed from outside.</summary>
    public long? DueAt { get; set; }

    public string? ResumeOutcome { get; set; }

    /// <summary>JSON kept with the bookmark (task role/form/outcomes, or the data a child completion resumes with).</summary>
    public string? Payload { get; set; }

    public long CreatedAt { get; set; }

    /// <summary>Process that claimed the due bookmark to fire it (scale-out on PostgreSQL); null in single-process mode.</summary>
    public string? LeaseOwner { get; set; }

    /// <summary>Unix milliseconds until which <see cref="LeaseOwner"/> holds the claim; another process may take it after.</summary>
    public long? LeaseUntil { get; set; }
}
