namespace OmsFlow.Workflows.Outbox;

/// <summary>Outbox delivery settings (configuration section <c>Outbox</c>).</summary>
public sealed class OutboxOptions
{
    /// <summary>Attempts before a message becomes a dead letter.</summary>
    public int MaxAttempts { get; set; } = 12;

    /// <summary>Delay before the first retry; doubles per attempt up to <see cref="MaxDelay"/>, with ±20% jitter.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often due messages are looked for when no commit woke the sender.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Messages delivered per round at most.</summary>
    public int Batch { get; set; } = 100;
}
