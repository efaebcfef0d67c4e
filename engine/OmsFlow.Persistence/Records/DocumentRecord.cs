namespace OmsFlow.Persistence.Records;

/// <summary>
/// An issued document (invoice, label, packing slip, rendered email part): stored once, never changed, so what a
/// customer received can always be downloaded again even after its template moved on.
/// </summary>
public sealed class DocumentRecord
{
    public required string Id { get; set; }

    /// <summary>Document kind from its template set, e.g. <c>invoice</c>, <c>label</c>.</summary>
    public required string Kind { get; set; }

    public required string TemplateId { get; set; }

    public int TemplateVersion { get; set; }

    /// <summary>Media type of <see cref="Content"/>, e.g. <c>application/pdf</c>.</summary>
    public required string MediaType { get; set; }

    public required byte[] Content { get; set; }

    /// <summary>Unix milliseconds.</summary>
    public long CreatedAt { get; set; }

    public string? InstanceId { get; set; }

    public string? CorrelationKey { get; set; }
}
