using Microsoft.EntityFrameworkCore;
using OmsFlow.Persistence.Storage;
using OmsFlow.Workflows.Releases;
using OmsFlow.Workflows.Validation;
using OmsFlow.Workflows.Versions.Kinds;

namespace OmsFlow.Workflows.Versions;

/// <summary>
/// Deploys a definitions folder as published versions: <c>templates/&lt;set&gt;/</c> (with <c>templates/_partials</c>),
/// <c>tables/*.yaml</c>, <c>rules/*.json</c> and <c>workflows/*.yaml</c>. A file's id is its name without extension
/// (a template set's, its folder name); a workflow's id is the one it declares.
/// </summary>
public sealed class DefinitionDeployer(OmsFlowStorage storage, WorkflowVersions versions, DefinitionStores stores)
{
    /// <summary>
    /// Deploys the kinds of <paramref name="folder"/> the database has no definitions of yet: everything on first
    /// start, and on the first start after an upgrade that added a kind (e.g. templates), only that kind.
    /// </summary>
    public async Task<DeployReport> DeployIfEmptyAsync(string folder, CancellationToken cancellationToken = default)
    {
        List<string> present;
        await using (var context = storage.CreateContext())
        {
            present = await context.Definitions.Select(d => d.Kind).Distinct().ToListAsync(cancellationToken).ConfigureAwait(false);
        }
        var missing = AllKinds.Except(present, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
        if (missing.Count == 0)
        {
            return new DeployReport(false, [], []);
        }
        return await DeployAsync(folder, "Reference definitions deployed on first start", "omsflow", missing, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Publishes every definition in the folder that validates; unchanged ones keep their version.</summary>
    public Task<DeployReport> DeployAsync(string folder, string note, string publishedBy, CancellationToken cancellationToken = default)
        => DeployAsync(folder, note, publishedBy, AllKinds.ToHashSet(StringComparer.Ordinal), cancellationToken);

    private static readonly string[] AllKinds = [TemplateSetKind.KindName, DecisionTableKind.KindName, RuleSetKind.KindName, Runtime.DefinitionCatalog.WorkflowKind];

    /// <summary>Releases every definition of <paramref name="kinds"/> in the folder that validates, as one release.</summary>
    private async Task<DeployReport> DeployAsync(string folder, string note, string publishedBy, HashSet<string> kinds, CancellationToken cancellationToken)
    {
        var (documents, readProblems) = DefinitionFolder.Read(folder);
        var releases = new ReleaseStore(storage, stores.Catalog, versions, stores, stores.Clock);
        var (definitions, problems) = releases.Check([.. documents.Where(d => kinds.Contains(d.Kind))]);
        // Check leaves out a definition with errors; the others still deploy (each definition validates on its own).
        var published = new List<(string Id, int Version)>();
        if (definitions.Count > 0)
        {
            var versionsOf = await releases.ReleaseCheckedAsync(definitions, new ReleaseRequest(publishedBy, note), cancellationToken).ConfigureAwait(false);
            published.AddRange(definitions.Select(d => (d.Id, versionsOf[d.Kind + ":" + d.Id])));
        }
        var all = readProblems.Where(p => p.Code != "empty").Concat(problems).ToList();
        return new DeployReport(true, published, all);
    }
}

public sealed record DeployReport(bool Deployed, IReadOnlyList<(string Id, int Version)> Published, IReadOnlyList<DefinitionProblem> Problems);
