using OmsFlow.Persistence.Records;
using OmsFlow.Workflows.Validation;

namespace OmsFlow.Workflows.Releases;

/// <summary>Who releases, why, and from when.</summary>
/// <param name="ActivateAt">When new instances start on the release; null (or a past time) means now.</param>
public sealed record ReleaseRequest(string? CreatedBy, string? Note, DateTimeOffset? ActivateAt = null);

/// <summary>Where a release stands at a given time.</summary>
public enum ReleaseState
{
    /// <summary>New instances start on it.</summary>
    Active,

    /// <summary>Its activation time has not come yet.</summary>
    Scheduled,

    /// <summary>Was active; a later release replaced it.</summary>
    Superseded,

    /// <summary>Undone by a rollback; it never becomes active again.</summary>
    RolledBack,
}

/// <summary>One definition version in a release's set.</summary>
/// <param name="Changed">True when this release brought it; false when carried over.</param>
public sealed record ReleaseItem(string Kind, string Id, int Version, string Hash, bool Changed);

/// <summary>A release, its state now and its complete set of definition versions.</summary>
public sealed record ReleaseInfo(
    int Id,
    DateTimeOffset CreatedAt,
    string? CreatedBy,
    string? Note,
    DateTimeOffset ActivateAt,
    int? RollbackOf,
    int? RolledBackBy,
    string BundleHash,
    ReleaseState State,
    IReadOnlyList<ReleaseItem> Items)
{
    internal static ReleaseInfo From(ReleaseRecord record, ReleaseState state, IEnumerable<ReleaseItemRecord> items) => new(
        record.Id,
        DateTimeOffset.FromUnixTimeMilliseconds(record.CreatedAt),
        record.CreatedBy,
        record.Note,
        DateTimeOffset.FromUnixTimeMilliseconds(record.ActivateAt),
        record.RollbackOf,
        record.RolledBackBy,
        record.BundleHash,
        state,
        [.. items.Select(i => new ReleaseItem(i.Kind, i.DefinitionId, i.Version, i.Hash, i.Changed))]);
}

/// <summary>The outcome of a release or an import.</summary>
/// <param name="Release">The release created, or the existing one when nothing changed; null when problems blocked it.</param>
/// <param name="Created">False when nothing was written (problems, nothing changed, or the bundle was already imported).</param>
/// <param name="Problems">Every problem of every document; any error means nothing was released.</param>
public sealed record ReleaseOutcome(ReleaseInfo? Release, bool Created, IReadOnlyList<DefinitionProblem> Problems)
{
    public bool HasErrors => Problems.Any(p => p.Severity == ProblemSeverity.Error);
}

/// <summary>A portable release: the definitions of a release's complete set with their canonical content and hashes.</summary>
public sealed record ReleaseBundle(string Format, int Release, string? Note, string? CreatedBy, DateTimeOffset? ActivateAt, IReadOnlyList<BundleDefinition> Definitions)
{
    /// <summary>The format tag of bundles this version writes and reads.</summary>
    public const string CurrentFormat = "omsflow-release/1";
}

/// <summary>One definition of a <see cref="ReleaseBundle"/>.</summary>
/// <param name="Hash">SHA-256 of <paramref name="Content"/>; an import checks it.</param>
public sealed record BundleDefinition(string Kind, string Id, string Content, string Hash);

/// <summary>A release or definition the operation names does not exist, or the operation does not apply to it.</summary>
public sealed class ReleaseException : Exception
{
    public ReleaseException()
    {
    }

    public ReleaseException(string message)
        : base(message)
    {
    }

    public ReleaseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
