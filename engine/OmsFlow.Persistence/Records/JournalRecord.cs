namespace OmsFlow.Persistence.Records;

/// <summary>An entry of an instance's journal: a step started, completed, faulted, suspended or resumed, or an instance event.</summary>
public sealed class JournalRecord
{
    public required string InstanceId { get; set; }

    public long Seq { get; set; }

    public long Timestamp { get; set; }

    public required string Kind { get; set; }

    public string? Step { get; set; }

    public string? Activity { get; set; }

    public string? Outcome { get; set; }

    public int Attempt { get; set; }

    /// <summary>JSON: <c>{input, output, error, startedAt, ...}</c>; sensitive inputs are already redacted.</summary>
    public string? Data { get; set; }
}
