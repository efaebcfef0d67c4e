namespace OmsFlow.Persistence.Records;

/// <summary>
/// A release: a set of definition versions published together (or a rollback to an earlier set), effective from
/// <see cref="ActivateAt"/>. Releases are never rewritten; a rollback adds a new release and marks the ones it undoes.
/// </summary>
public sealed class ReleaseRecord
{
    /// <summary>Release number, increasing.</summary>
    public int Id { get; set; }

    public long CreatedAt { get; set; }

    public string? CreatedBy { get; set; }

    public string? Note { get; set; }

    /// <summary>From when (unix ms) new instances start on this release.</summary>
    public long ActivateAt { get; set; }

    /// <summary>For a rollback entry: the earlier release whose set it makes active again.</summary>
    public int? RollbackOf { get; set; }

    /// <summary>The rollback release that undid this one; an undone release never becomes active.</summary>
    public int? RolledBackBy { get; set; }

    /// <summary>SHA-256 over the items this release brought (kind, id, content hash), so importing the same bundle twice is detected.</summary>
    public required string BundleHash { get; set; }
}

/// <summary>One definition version in a release's complete set.</summary>
public sealed class ReleaseItemRecord
{
    public int ReleaseId { get; set; }

    public required string Kind { get; set; }

    public required string DefinitionId { get; set; }

    public int Version { get; set; }

    /// <summary>SHA-256 of the version's canonical content.</summary>
    public required string Hash { get; set; }

    /// <summary>True when this release brought the version (changed or added); false when carried over from the release before.</summary>
    public bool Changed { get; set; }
}
