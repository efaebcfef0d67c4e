namespace OmsFlow.Persistence.Records;

/// <summary>A step that faulted after its retries; open until the instance is retried or cancelled.</summary>
public sealed class IncidentRecord
{
    public required string Id { get; set; }

    public required string InstanceId { get; set; }

    public required string Step { get; set; }

    public required string Error { get; set; }

    public int Attempt { get; set; }

    public long CreatedAt { get; set; }

    public long? ResolvedAt { get; set; }
}
