using Microsoft.EntityFrameworkCore;
using OmsFlow.Persistence.Records;
using OmsFlow.Persistence.Storage;
using OmsFlow.Workflows.Runtime;
using OmsFlow.Workflows.Validation;
using OmsFlow.Workflows.Versions;

namespace OmsFlow.Workflows.Releases;

/// <summary>
/// Releases: publishes sets of definitions atomically (validated first: nothing is half-released), lists them,
/// rolls back to an earlier one, and exports and imports them as bundles with their content hashes.
/// </summary>
public sealed class ReleaseStore(OmsFlowStorage storage, DefinitionCatalog catalog, WorkflowVersions workflows, DefinitionStores stores, TimeProvider clock)
{
    /// <summary>
    /// Validates every document and returns the canonical definitions and all problems. Two documents for the same
    /// definition are a problem too.
    /// </summary>
    public (IReadOnlyList<CanonicalDefinition> Definitions, IReadOnlyList<DefinitionProblem> Problems) Check(IReadOnlyList<SourceDocument> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var definitions = new List<CanonicalDefinition>();
        var problems = new List<DefinitionProblem>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var document in documents)
        {
            var kind = KindOf(document.Kind);
            if (kind is null)
            {
                problems.Add(new DefinitionProblem("unknown-kind", $"'{document.Kind}' is not a definition kind; use workflow, rules, table or template.", File: document.File));
                continue;
            }
            var id = document.Id;
            if (id is null)
            {
                var (definition, found) = workflows.Check(document.Text, document.File);
                if (definition is null)
                {
                    problems.AddRange(found);
                    continue;
                }
                id = definition.Id;
            }
            var check = kind.Check(id, document.Text, document.File);
            problems.AddRange(check.Problems);
            if (check.HasErrors)
            {
                continue;
            }
            if (seen.TryGetValue(ReleaseWriter.ItemKey(kind.Kind, id), out var other))
            {
                problems.Add(new DefinitionProblem("duplicate", $"{kind.Noun} '{id}' is defined twice, in '{other}' and here; keep one.", File: document.File));
                continue;
            }
            seen[ReleaseWriter.ItemKey(kind.Kind, id)] = document.File;
            definitions.Add(new CanonicalDefinition(kind.Kind, id, check.Name, check.Description, check.Canonical!));
        }
        return (definitions, problems);
    }

    /// <summary>
    /// Validates every document, then (only when none has errors) publishes them as one release in one transaction.
    /// Releasing a set identical to the active one, activating now, writes nothing and returns the active release.
    /// </summary>
    public async Task<ReleaseOutcome> ReleaseAsync(IReadOnlyList<SourceDocument> documents, ReleaseRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (definitions, problems) = Check(documents);
        if (problems.Any(p => p.Severity == ProblemSeverity.Error))
        {
            return new ReleaseOutcome(null, false, problems);
        }
        if (definitions.Count == 0)
        {
            return new ReleaseOutcome(null, false, [new DefinitionProblem("empty", "The release holds no definitions; send at least one.")]);
        }
        return await WriteAsync(definitions, request, matchBundle: false, problems, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Releases definitions already validated by <see cref="Check"/>; returns the version of every definition of the resulting set.</summary>
    internal async Task<IReadOnlyDictionary<string, int>> ReleaseCheckedAsync(
        IReadOnlyList<CanonicalDefinition> definitions, ReleaseRequest request, CancellationToken cancellationToken)
        => (await WriteCoreAsync(definitions, request, matchBundle: false, cancellationToken).ConfigureAwait(false)).Versions;

    /// <summary>Every release, newest first, with its state now.</summary>
    public async Task<IReadOnlyList<ReleaseInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var context = storage.CreateContext();
        var releases = await context.Releases.AsNoTracking().OrderByDescending(r => r.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        var items = await context.ReleaseItems.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        var byRelease = items.ToLookup(i => i.ReleaseId);
        var active = await ReleaseWriter.ActiveAsync(context, Now, cancellationToken).ConfigureAwait(false);
        return [.. releases.Select(r => ReleaseInfo.From(r, StateOf(r, active), byRelease[r.Id].OrderBy(i => i.Kind, StringComparer.Ordinal).ThenBy(i => i.DefinitionId, StringComparer.Ordinal)))];
    }

    /// <summary>One release with its state now, or null when it does not exist.</summary>
    public async Task<ReleaseInfo?> GetAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var context = storage.CreateContext();
        var release = await context.Releases.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken).ConfigureAwait(false);
        if (release is null)
        {
            return null;
        }
        var active = await ReleaseWriter.ActiveAsync(context, Now, cancellationToken).ConfigureAwait(false);
        return ReleaseInfo.From(release, StateOf(release, active), await ReleaseWriter.ItemsAsync(context, id, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The release new instances start on now, or null when there is none yet.</summary>
    public async Task<ReleaseInfo?> GetActiveAsync(CancellationToken cancellationToken = default)
    {
        int? id;
        await using (var context = storage.CreateContext())
        {
            id = (await ReleaseWriter.ActiveAsync(context, Now, cancellationToken).ConfigureAwait(false))?.Id;
        }
        return id is { } active ? await GetAsync(active, cancellationToken).ConfigureAwait(false) : null;
    }

    /// <summary>
    /// Makes release <paramref name="id"/>'s set active again for new instances, by recording a new release
    /// "rollback to N"; every release after N (scheduled ones included) is marked rolled back. In-flight instances
    /// keep the release they started on.
    /// </summary>
    /// <exception cref="ReleaseException">No such release, or it is the active one.</exception>
    public async Task<ReleaseInfo> RollbackAsync(int id, string? createdBy, string? note = null, CancellationToken cancellationToken = default)
    {
        ReleaseRecord rollback;
        List<string> workflowIds;
        await using (var context = storage.CreateContext())
        {
            await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var target = await context.Releases.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken).ConfigureAwait(false)
                ?? throw new ReleaseException($"Release {id} does not exist; list releases to pick one.");
            var active = await ReleaseWriter.ActiveAsync(context, Now, cancellationToken).ConfigureAwait(false);
            if (active?.Id == id)
            {
                throw new ReleaseException($"Release {id} is already the active release; roll back to an earlier one.");
            }
            if (target.ActivateAt > Now)
            {
                throw new ReleaseException($"Release {id} has not been activated yet; a rollback returns to a release that was active.");
            }
            rollback = await ReleaseWriter.RollbackAsync(context, target, createdBy, note, Now, cancellationToken).ConfigureAwait(false);
            workflowIds = await context.ReleaseItems.AsNoTracking().Where(i => i.ReleaseId == rollback.Id && i.Kind == DefinitionCatalog.WorkflowKind)
                .Select(i => i.DefinitionId).ToListAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catalog.OnReleased(workflowIds);
        return (await GetAsync(rollback.Id, cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>The complete set of a release as a portable bundle, or null when it does not exist.</summary>
    public async Task<ReleaseBundle?> ExportAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var context = storage.CreateContext();
        var release = await context.Releases.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken).ConfigureAwait(false);
        if (release is null)
        {
            return null;
        }
        var definitions = await (from i in context.ReleaseItems.AsNoTracking()
                                 join v in context.DefinitionVersions.AsNoTracking() on new { i.Kind, Id = i.DefinitionId, i.Version } equals new { v.Kind, v.Id, v.Version }
                                 where i.ReleaseId == id
                                 orderby i.Kind, i.DefinitionId
                                 select new BundleDefinition(i.Kind, i.DefinitionId, v.Content, v.Hash))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return new ReleaseBundle(ReleaseBundle.CurrentFormat, release.Id, release.Note, release.CreatedBy,
            DateTimeOffset.FromUnixTimeMilliseconds(release.ActivateAt), definitions);
    }

    /// <summary>
    /// Imports a bundle as one release with the same content hashes. Every definition is validated and its hash
    /// checked first. Importing a bundle already imported (same definitions and hashes) writes nothing and returns
    /// the existing release. The bundle's activation time is kept when it is still in the future.
    /// </summary>
    public async Task<ReleaseOutcome> ImportAsync(ReleaseBundle bundle, string? importedBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        if (bundle.Format != ReleaseBundle.CurrentFormat)
        {
            return new ReleaseOutcome(null, false, [new DefinitionProblem("bundle-format",
                $"The bundle's format is '{bundle.Format}'; this server reads '{ReleaseBundle.CurrentFormat}'. Export it again with a matching version.")]);
        }
        var documents = bundle.Definitions.Select(d => new SourceDocument(d.Kind, d.Id, d.Content, $"{d.Kind}:{d.Id}")).ToList();
        var (definitions, problems) = Check(documents);
        var mismatched = definitions.Join(bundle.Definitions, c => (c.Kind, c.Id), b => (b.Kind, b.Id), (c, b) => (c, b))
            .Where(p => p.c.Hash != p.b.Hash || DefinitionCatalog.Hash(p.b.Content) != p.b.Hash)
            .Select(p => new DefinitionProblem("hash-mismatch",
                $"{p.b.Kind} '{p.b.Id}' does not match its hash {p.b.Hash}; the bundle was changed or damaged, export it again.", File: $"{p.b.Kind}:{p.b.Id}"));
        problems = [.. problems, .. mismatched];
        if (problems.Any(p => p.Severity == ProblemSeverity.Error))
        {
            return new ReleaseOutcome(null, false, problems);
        }
        var note = bundle.Note is null ? $"Imported release {bundle.Release}" : $"{bundle.Note} (imported release {bundle.Release})";
        var activateAt = bundle.ActivateAt is { } at && at.ToUnixTimeMilliseconds() > Now ? at : (DateTimeOffset?)null;
        return await WriteAsync(definitions, new ReleaseRequest(importedBy, note, activateAt), matchBundle: true, problems, cancellationToken).ConfigureAwait(false);
    }

    private long Now => clock.GetUtcNow().ToUnixTimeMilliseconds();

    private async Task<ReleaseOutcome> WriteAsync(
        IReadOnlyList<CanonicalDefinition> definitions, ReleaseRequest request, bool matchBundle, IReadOnlyList<DefinitionProblem> problems, CancellationToken cancellationToken)
    {
        var write = await WriteCoreAsync(definitions, request, matchBundle, cancellationToken).ConfigureAwait(false);
        var release = write.Release is { } written ? await GetAsync(written.Id, cancellationToken).ConfigureAwait(false) : null;
        return new ReleaseOutcome(release, write.Created, problems);
    }

    private async Task<ReleaseWrite> WriteCoreAsync(
        IReadOnlyList<CanonicalDefinition> definitions, ReleaseRequest request, bool matchBundle, CancellationToken cancellationToken)
    {
        var now = Now;
        var activateAt = Math.Max(now, request.ActivateAt?.ToUnixTimeMilliseconds() ?? now);
        ReleaseWrite write;
        await using (var context = storage.CreateContext())
        {
            await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            write = await ReleaseWriter.WriteAsync(context, definitions, request.CreatedBy, request.Note, now, activateAt, matchBundle, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        if (write.Created)
        {
            catalog.OnReleased(definitions.Where(d => d.Kind == DefinitionCatalog.WorkflowKind).Select(d => d.Id));
        }
        return write;
    }

    private ReleaseState StateOf(ReleaseRecord release, ReleaseRecord? active)
        => release.RolledBackBy is not null ? ReleaseState.RolledBack
            : release.Id == active?.Id ? ReleaseState.Active
            : release.ActivateAt > Now ? ReleaseState.Scheduled
            : ReleaseState.Superseded;

    private IDefinitionKind? KindOf(string kind)
        => kind == DefinitionCatalog.WorkflowKind ? workflows.Kind : stores.All.FirstOrDefault(s => s.Kind.Kind == kind)?.Kind;
}
