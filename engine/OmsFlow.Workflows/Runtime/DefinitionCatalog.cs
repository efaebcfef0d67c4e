using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OmsFlow.Persistence.Storage;
using OmsFlow.Workflows.Definitions;
using OmsFlow.Workflows.Releases;

namespace OmsFlow.Workflows.Runtime;

/// <summary>A published workflow and its version number.</summary>
public readonly record struct WorkflowDefinitionVersion(WorkflowDefinition Definition, int Version);

/// <summary>The definition versions of one release (or, before any release exists, the published ones).</summary>
/// <param name="ReleaseId">The release, or null when the set comes from definitions published before releases.</param>
/// <param name="Versions">Version by <c>kind:id</c>.</param>
public sealed record ReleaseSet(int? ReleaseId, IReadOnlyDictionary<string, int> Versions)
{
    /// <summary>The version of a definition in this set, or null when the set does not contain it.</summary>
    public int? VersionOf(string kind, string id) => Versions.TryGetValue(kind + ":" + id, out var version) ? version : null;
}

/// <summary>
/// Published definition versions (workflows, and through the kind-generic members rule sets, tables and templates):
/// immutable, numbered, grouped into releases. New instances use the active release: the latest one whose
/// activation time has come and that was not rolled back. Versions and the sets of activated releases are cached
/// forever (they never change); the active release is re-read after a release in this process, when a scheduled
/// release's time comes, and at most every few seconds otherwise, so other processes' releases are seen quickly.
/// </summary>
public sealed class DefinitionCatalog
{
    /// <summary>Kind under which workflows are stored in the definitions tables.</summary>
    public const string WorkflowKind = "workflow";

    private static readonly TimeSpan PointerLifetime = TimeSpan.FromSeconds(2);

    private readonly OmsFlowStorage _storage;
    private readonly Func<string, WorkflowDefinition> _parse;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<(string Id, int Version), WorkflowDefinition> _versions = new();
    private readonly ConcurrentDictionary<int, ReleaseSet> _releaseSets = new();
    private volatile ActivePointer? _active;

    /// <param name="parse">Reads a stored canonical JSON definition.</param>
    public DefinitionCatalog(OmsFlowStorage storage, Func<string, WorkflowDefinition> parse, TimeProvider clock)
    {
        _storage = storage;
        _parse = parse;
        _clock = clock;
    }

    /// <summary>Raised, per workflow id, after a release in this process changed that workflow.</summary>
    public event Action<string>? Published;

    /// <summary>The set new instances start on now.</summary>
    public async Task<ReleaseSet> GetActiveReleaseAsync(CancellationToken cancellationToken = default)
    {
        var now = _clock.GetUtcNow();
        var pointer = _active;
        if (pointer is null || now - pointer.ReadAt > PointerLifetime || (pointer.NextActivation is { } next && now.ToUnixTimeMilliseconds() >= next))
        {
            var previous = pointer?.Set;
            pointer = await ReadActiveAsync(now, cancellationToken).ConfigureAwait(false);
            _active = pointer;
            if (previous is not null && previous.ReleaseId != pointer.Set.ReleaseId)
            {
                // A scheduled release came into effect (or another process released): tell hook routing and schedules.
                RaiseChangedWorkflows(previous, pointer.Set);
            }
        }
        return pointer.Set;
    }

    /// <summary>The set of one release (what an instance pinned to it resolves definitions from).</summary>
    /// <exception cref="DefinitionNotFoundException">No such release.</exception>
    public async Task<ReleaseSet> GetReleaseSetAsync(int releaseId, CancellationToken cancellationToken = default)
    {
        if (_releaseSets.TryGetValue(releaseId, out var cached))
        {
            return cached;
        }
        await using var context = _storage.CreateContext();
        var release = await context.Releases.AsNoTracking().FirstOrDefaultAsync(r => r.Id == releaseId, cancellationToken).ConfigureAwait(false)
            ?? throw new DefinitionNotFoundException($"Release {releaseId} does not exist.");
        var items = await ReleaseWriter.ItemsAsync(context, releaseId, cancellationToken).ConfigureAwait(false);
        var set = new ReleaseSet(releaseId, items.ToDictionary(i => ReleaseWriter.ItemKey(i.Kind, i.DefinitionId), i => i.Version, StringComparer.Ordinal));
        // A release not yet activated may still take in changes of releases scheduled before it; cache only activated ones.
        if (release.ActivateAt <= _clock.GetUtcNow().ToUnixTimeMilliseconds())
        {
            _releaseSets[releaseId] = set;
        }
        return set;
    }

    /// <summary>The workflow version new instances start on now, and the release it belongs to.</summary>
    /// <exception cref="WorkflowNotFoundException">The active release has no such workflow.</exception>
    public async Task<(WorkflowDefinitionVersion Workflow, int? ReleaseId)> GetForStartAsync(
        string workflowId, int? releaseId = null, CancellationToken cancellationToken = default)
    {
        var set = releaseId is { } pinned
            ? await GetReleaseSetAsync(pinned, cancellationToken).ConfigureAwait(false)
            : await GetActiveReleaseAsync(cancellationToken).ConfigureAwait(false);
        if (set.VersionOf(WorkflowKind, workflowId) is not { } version)
        {
            var where = set.ReleaseId is { } id ? $" in release {id}" : string.Empty;
            throw new WorkflowNotFoundException($"Workflow '{workflowId}' has no published version{where}.");
        }
        return (new WorkflowDefinitionVersion(await GetVersionAsync(workflowId, version, cancellationToken).ConfigureAwait(false), version), set.ReleaseId);
    }

    /// <summary>The version of <paramref name="workflowId"/> in the active release.</summary>
    /// <exception cref="WorkflowNotFoundException">The active release has no such workflow.</exception>
    public async Task<WorkflowDefinitionVersion> GetPublishedAsync(string workflowId, CancellationToken cancellationToken = default)
        => (await GetForStartAsync(workflowId, null, cancellationToken).ConfigureAwait(false)).Workflow;

    public async Task<WorkflowDefinition> GetVersionAsync(string workflowId, int version, CancellationToken cancellationToken = default)
    {
        if (_versions.TryGetValue((workflowId, version), out var cached))
        {
            return cached;
        }
        var content = await GetContentAsync(WorkflowKind, workflowId, version, cancellationToken).ConfigureAwait(false)
            ?? throw new WorkflowNotFoundException($"Workflow '{workflowId}' has no version {version}.");
        var definition = _parse(content);
        _versions[(workflowId, version)] = definition;
        return definition;
    }

    /// <summary>Every workflow of the active release (for hook routing and triggers).</summary>
    public async Task<IReadOnlyList<WorkflowDefinitionVersion>> ListPublishedAsync(CancellationToken cancellationToken = default)
    {
        var set = await GetActiveReleaseAsync(cancellationToken).ConfigureAwait(false);
        var result = new List<WorkflowDefinitionVersion>();
        foreach (var (key, version) in set.Versions.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (key.StartsWith(WorkflowKind + ":", StringComparison.Ordinal))
            {
                var id = key[(WorkflowKind.Length + 1)..];
                result.Add(new WorkflowDefinitionVersion(await GetVersionAsync(id, version, cancellationToken).ConfigureAwait(false), version));
            }
        }
        return result;
    }

    /// <summary>
    /// Stores <paramref name="canonicalJson"/> as the next version of the workflow and releases it alone, active now.
    /// Publishing content identical to the active version is a no-op that returns the active version.
    /// </summary>
    public async Task<int> PublishAsync(WorkflowDefinition definition, string canonicalJson, string? publishedBy, string? note, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var version = await PublishAsync(WorkflowKind, definition.Id, definition.Name, definition.Description, canonicalJson, publishedBy, note, cancellationToken)
            .ConfigureAwait(false);
        _versions[(definition.Id, version)] = definition;
        return version;
    }

    /// <summary>
    /// Stores <paramref name="canonical"/> as the next version of a definition of any kind and releases it alone
    /// (a one-item release, active now), in one transaction. Publishing content identical to the active version
    /// returns the active version.
    /// </summary>
    public async Task<int> PublishAsync(
        string kind, string id, string? name, string? description, string canonical, string? publishedBy, string? note, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(canonical);
        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        ReleaseWrite write;
        await using (var context = _storage.CreateContext())
        {
            await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            write = await ReleaseWriter.WriteAsync(context, [new CanonicalDefinition(kind, id, name, description, canonical)], publishedBy, note, now, now,
                matchBundle: false, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        if (write.Created)
        {
            OnReleased(kind == WorkflowKind ? [id] : []);
        }
        return write.Versions[ReleaseWriter.ItemKey(kind, id)];
    }

    /// <summary>
    /// The version of a definition of any kind in the active release, or null when it has none. Cached like the
    /// active release itself.
    /// </summary>
    public async Task<int?> GetPublishedVersionAsync(string kind, string id, CancellationToken cancellationToken = default)
        => (await GetActiveReleaseAsync(cancellationToken).ConfigureAwait(false)).VersionOf(kind, id);

    /// <summary>The stored canonical content of one version of a definition of any kind, or null when it does not exist.</summary>
    public async Task<string?> GetContentAsync(string kind, string id, int version, CancellationToken cancellationToken = default)
    {
        await using var context = _storage.CreateContext();
        return await context.DefinitionVersions.AsNoTracking()
            .Where(v => v.Kind == kind && v.Id == id && v.Version == version)
            .Select(v => v.Content)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>SHA-256 of a definition's canonical text, lower-case hex.</summary>
    public static string Hash(string canonical) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));

    /// <summary>Forgets the cached active release after a release or rollback in this process and tells listeners.</summary>
    internal void OnReleased(IEnumerable<string> workflowIds)
    {
        _active = null;
        foreach (var id in workflowIds)
        {
            Published?.Invoke(id);
        }
    }

    private void RaiseChangedWorkflows(ReleaseSet before, ReleaseSet after)
    {
        var prefix = WorkflowKind + ":";
        foreach (var key in before.Versions.Keys.Union(after.Versions.Keys, StringComparer.Ordinal).Where(k => k.StartsWith(prefix, StringComparison.Ordinal)))
        {
            if (before.Versions.GetValueOrDefault(key) != after.Versions.GetValueOrDefault(key))
            {
                Published?.Invoke(key[prefix.Length..]);
            }
        }
    }

    private async Task<ActivePointer> ReadActiveAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var at = now.ToUnixTimeMilliseconds();
        await using var context = _storage.CreateContext();
        var (release, items) = await ReleaseWriter.EffectiveSetAsync(context, at, cancellationToken).ConfigureAwait(false);
        var next = await context.Releases.AsNoTracking().Where(r => r.ActivateAt > at && r.RolledBackBy == null)
            .MinAsync(r => (long?)r.ActivateAt, cancellationToken).ConfigureAwait(false);
        var set = new ReleaseSet(release?.Id, items.ToDictionary(i => ReleaseWriter.ItemKey(i.Kind, i.DefinitionId), i => i.Version, StringComparer.Ordinal));
        return new ActivePointer(set, now, next);
    }

    private sealed record ActivePointer(ReleaseSet Set, DateTimeOffset ReadAt, long? NextActivation);
}
