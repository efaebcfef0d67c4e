namespace OmsFlow.Persistence.Records;

/// <summary>One delivery attempt of an outbox message: when, how it went, and why it failed.</summary>
public sealed class OutboxAttemptRecord
{
    public long Id { get; set; }

    public required string MessageId { get; set; }

    public int Attempt { get; set; }

    public long At { get; set; }

    public bool Succeeded { get; set; }

    public string? Error { get; set; }

    public long DurationMs { get; set; }
}
