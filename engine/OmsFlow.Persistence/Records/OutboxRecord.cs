namespace OmsFlow.Persistence.Records;

/// <summary>
/// A side effect (email, webhook, carrier call) written in the same transaction as the step that produced it
/// and delivered after commit by a background sender. The id is stable (instance + step execution + key),
/// so re-executing a step after a crash cannot queue it twice.
/// </summary>
public sealed class OutboxRecord
{
    public required string Id { get; set; }

    public string? InstanceId { get; set; }

    public string? CorrelationKey { get; set; }

    public required string Channel { get; set; }

    public string? Topic { get; set; }

    public required string Payload { get; set; }

    /// <summary>pending, sent, dead.</summary>
    public required string Status { get; set; }

    public int Attempts { get; set; }

    public long CreatedAt { get; set; }

    public long NextAttemptAt { get; set; }

    public long? SentAt { get; set; }

    public string? LastError { get; set; }
}
