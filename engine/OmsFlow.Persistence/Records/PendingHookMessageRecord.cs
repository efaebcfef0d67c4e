namespace OmsFlow.Persistence.Records;

/// <summary>
/// A hook call that reached a running instance before the instance waited for it (a change sent while the order was
/// still being approved). Kept until a matching <c>WaitForHook</c> bookmark consumes it, oldest first, in the same commit
/// that resumes the instance, or until it expires.
/// </summary>
public sealed class PendingHookMessageRecord
{
    /// <summary>Arrival order: messages for one hook path and key are consumed in ascending order.</summary>
    public long Seq { get; set; }

    /// <summary>The hook path without <c>/hooks/</c> (<c>order-changes</c>).</summary>
    public required string Path { get; set; }

    /// <summary>The correlation key the call carried (the order id).</summary>
    public required string Key { get; set; }

    /// <summary>The JSON body the waiting step receives as its output.</summary>
    public required string Body { get; set; }

    /// <summary>The instance that was running with that key when the message arrived (for operators; any waiting instance may consume it).</summary>
    public string? InstanceId { get; set; }

    /// <summary>Unix milliseconds.</summary>
    public long ReceivedAt { get; set; }

    /// <summary>Unix milliseconds after which the message is no longer delivered and is purged.</summary>
    public long ExpiresAt { get; set; }
}
