using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OmsFlow.Persistence.Records;
using OmsFlow.Persistence.Storage;
using OmsFlow.Workflows.Definitions;

namespace OmsFlow.Workflows.Runtime;

/// <summary>A published workflow and its version number.</summary>
public readonly record struct WorkflowDefinitionVersion(WorkflowDefinition Definition, int Version);

/// <summary>
/// Published definition versions (workflows, and through the kind-generic members rule sets, tables and templates):
/// immutable, numbered, with a pointer to the current one. Versions are cached
/// forever once read (they never change); the published pointer is re-read after a publish in this process
/// and at most every few seconds otherwise, so other processes' publishes are seen quickly.
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
    private readonly ConcurrentDictionary<string, (int? Version, DateTimeOffset ReadAt)> _published = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Kind, string Id), (int? Version, DateTimeOffset ReadAt)> _pointers = new();

    /// <param name="parse">Reads a stored canonical JSON definition.</param>
    public DefinitionCatalog(OmsFlowStorage storage, Func<string, WorkflowDefinition> parse, TimeProvider clock)
    {
        _storage = storage;
        _parse = parse;
        _clock = clock;
    }

    /// <summary>Raised after a version is published in this process.</summary>
    public event Action<string>? Published;

    public async Task<WorkflowDefinitionVersion> GetPublishedAsync(string workflowId, CancellationToken cancellationToken = default)
    {
        var now = _clock.GetUtcNow();
        if (!_published.TryGetValue(workflowId, out var pointer) || now - pointer.ReadAt > PointerLifetime)
        {
            await using var context = _storage.CreateContext();
            var version = await context.Definitions.AsNoTracking()
                .Where(d => d.Kind == WorkflowKind && d.Id == workflowId)
                .Select(d => d.PublishedVersion)
                .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            pointer = (version, now);
            _published[workflowId] = pointer;
        }
        if (pointer.Version is not { } published)
        {
            throw new WorkflowNotFoundException($"Workflow '{workflowId}' has no published version.");
        }
        return new WorkflowDefinitionVersion(await GetVersionAsync(workflowId, published, cancellationToken).ConfigureAwait(false), published);
    }

    public async Task<WorkflowDefinition> GetVersionAsync(string workflowId, int version, CancellationToken cancellationToken = default)
    {
        if (_versions.TryGetValue((workflowId, version), out var cached))
        {
            return cached;
        }
        await using var context = _storage.CreateContext();
        var content = await context.DefinitionVersions.AsNoTracking()
            .Where(v => v.Kind == WorkflowKind && v.Id == workflowId && v.Version == version)
            .Select(v => v.Content)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new WorkflowNotFoundException($"Workflow '{workflowId}' has no version {version}.");
        var definition = _parse(content);
        _versions[(workflowId, version)] = definition;
        return definition;
    }

    /// <summary>Every workflow's published version (for hook routing and triggers).</summary>
    public async Task<IReadOnlyList<WorkflowDefinitionVersion>> ListPublishedAsync(CancellationToken cancellationToken = default)
    {
        List<(string Id, int Version)> pointers;
        await using (var context = _storage.CreateContext())
        {
            var rows = await context.Definitions.AsNoTracking()
                .Where(d => d.Kind == WorkflowKind && d.PublishedVersion != null)
                .Select(d => new { d.Id, d.PublishedVersion })
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            pointers = rows.ConvertAll(r => (r.Id, r.PublishedVersion!.Value));
        }
        var result = new List<WorkflowDefinitionVersion>(pointers.Count);
        foreach (var (id, version) in pointers)
        {
            result.Add(new WorkflowDefinitionVersion(await GetVersionAsync(id, version, cancellationToken).ConfigureAwait(false), version));
        }
        return result;
    }

    /// <summary>
    /// Stores <paramref name="canonicalJson"/> as the next version of the workflow and makes it the published one.
    /// Publishing content identical to the current version is a no-op that returns the current version.
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
    /// Stores <paramref name="canonical"/> as the next version of a definition of any kind and makes it the published
    /// one, in one transaction. Publishing content identical to the current version returns the current version.
    /// </summary>
    public async Task<int> PublishAsync(
        string kind, string id, string? name, string? description, string canonical, string? publishedBy, string? note, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(canonical);
        var hash = Hash(canonical);
        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        int version;
        await using (var context = _storage.CreateContext())
        {
            await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var record = await context.Definitions.FirstOrDefaultAsync(d => d.Kind == kind && d.Id == id, cancellationToken).ConfigureAwait(false);
            if (record is null)
            {
                record = new DefinitionRecord { Kind = kind, Id = id };
                context.Definitions.Add(record);
            }
            else if (record.PublishedVersion is { } current)
            {
                var currentHash = await context.DefinitionVersions.AsNoTracking()
                    .Where(v => v.Kind == kind && v.Id == id && v.Version == current)
                    .Select(v => v.Hash).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
                if (currentHash == hash)
                {
                    return current;
                }
            }
            version = record.LatestVersion + 1;
            context.DefinitionVersions.Add(new DefinitionVersionRecord
            {
                Kind = kind,
                Id = id,
                Version = version,
                Content = canonical,
                Hash = hash,
                PublishedAt = now,
                PublishedBy = publishedBy,
                Note = note,
            });
            record.Name = name;
            record.Description = description;
            record.LatestVersion = version;
            record.PublishedVersion = version;
            record.UpdatedAt = now;
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        _pointers[(kind, id)] = (version, _clock.GetUtcNow());
        if (kind == WorkflowKind)
        {
            _published[id] = (version, _clock.GetUtcNow());
            Published?.Invoke(id);
        }
        return version;
    }

    /// <summary>
    /// The published version number of a definition of any kind, or null when none is published. Cached like the
    /// workflow pointer: re-read after a publish in this process and at most every few seconds otherwise.
    /// </summary>
    public async Task<int?> GetPublishedVersionAsync(string kind, string id, CancellationToken cancellationToken = default)
    {
        var now = _clock.GetUtcNow();
        if (_pointers.TryGetValue((kind, id), out var pointer) && now - pointer.ReadAt <= PointerLifetime)
        {
            return pointer.Version;
        }
        await using var context = _storage.CreateContext();
        var version = await context.Definitions.AsNoTracking()
            .Where(d => d.Kind == kind && d.Id == id)
            .Select(d => d.PublishedVersion)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        _pointers[(kind, id)] = (version, now);
        return version;
    }

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
}
