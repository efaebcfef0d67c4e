namespace OmsFlow.Persistence.Records;

/// <summary>A definition of some kind (workflow, rules, table, template): its draft and which version is published.</summary>
public sealed class DefinitionRecord
{
    public required string Kind { get; set; }

    public required string Id { get; set; }

    public string? Name { get; set; }

    public string? Description { get; set; }

    /// <summary>The draft being edited (canonical JSON), or null when there is none.</summary>
    public string? Draft { get; set; }

    public long? DraftUpdatedAt { get; set; }

    public int? PublishedVersion { get; set; }

    public int LatestVersion { get; set; }

    public long UpdatedAt { get; set; }
}

/// <summary>An immutable published version of a definition.</summary>
public sealed class DefinitionVersionRecord
{
    public required string Kind { get; set; }

    public required string Id { get; set; }

    public int Version { get; set; }

    /// <summary>Canonical JSON of the definition.</summary>
    public required string Content { get; set; }

    /// <summary>SHA-256 of <see cref="Content"/>, hex.</summary>
    public required string Hash { get; set; }

    public long PublishedAt { get; set; }

    public string? PublishedBy { get; set; }

    public string? Note { get; set; }

    /// <summary>The release that brought this version (null for versions published before releases existed).</summary>
    public int? ReleaseId { get; set; }
}
