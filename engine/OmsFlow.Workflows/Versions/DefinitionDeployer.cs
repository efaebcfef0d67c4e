using Microsoft.EntityFrameworkCore;
using OmsFlow.Persistence.Storage;
using OmsFlow.Templates.Definitions;
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
    private static readonly string[] YamlFiles = ["*.yaml", "*.yml"];
    private static readonly string[] JsonFiles = ["*.json"];

    private async Task<DeployReport> DeployAsync(string folder, string note, string publishedBy, HashSet<string> kinds, CancellationToken cancellationToken)
    {
        var published = new List<(string Id, int Version)>();
        var problems = new List<DefinitionProblem>();
        var report = new Collected(published, problems);
        if (kinds.Contains(TemplateSetKind.KindName))
        {
            await DeployTemplatesAsync(Path.Combine(folder, "templates"), note, publishedBy, report, cancellationToken).ConfigureAwait(false);
        }
        foreach (var (store, subfolder, patterns) in new[]
        {
            (stores.Tables, "tables", YamlFiles),
            (stores.Rules, "rules", JsonFiles),
        }.Where(k => kinds.Contains(k.Item1.Kind.Kind)))
        {
            foreach (var file in Files(Path.Combine(folder, subfolder), patterns))
            {
                var text = await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
                await PublishAsync(store, Path.GetFileNameWithoutExtension(file), text, Relative(file), note, publishedBy, report, cancellationToken).ConfigureAwait(false);
            }
        }
        var workflowFiles = kinds.Contains(Runtime.DefinitionCatalog.WorkflowKind) ? Files(Path.Combine(folder, "workflows"), YamlFiles) : [];
        foreach (var file in workflowFiles)
        {
            var text = await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
            var (definition, found) = versions.Check(text, Relative(file));
            problems.AddRange(found);
            if (definition is null || found.Any(p => p.Severity == ProblemSeverity.Error))
            {
                continue;
            }
            var result = await versions.PublishAsync(definition.Id, text, publishedBy, note, cancellationToken).ConfigureAwait(false);
            if (result.Version is { } version)
            {
                published.Add((definition.Id, version));
            }
        }
        return new DeployReport(true, published, problems);
    }

    private async Task DeployTemplatesAsync(string folder, string note, string publishedBy, Collected report, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }
        TemplateLibrary library;
        try
        {
            library = TemplateSetLoader.LoadLibrary(folder);
        }
        catch (TemplateDefinitionException ex)
        {
            report.Problems.Add(new DefinitionProblem("template-invalid", ex.Message, File: Relative(folder)));
            return;
        }
        foreach (var set in library.Sets.Values.OrderBy(s => s.Id, StringComparer.Ordinal))
        {
            var text = TemplateDocument.From(set, library.Partials).ToJson();
            await PublishAsync(stores.Templates, set.Id, text, Relative(Path.Combine(folder, set.Id)), note, publishedBy, report, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task PublishAsync(
        DefinitionVersions store, string id, string text, string file, string note, string publishedBy, Collected report, CancellationToken cancellationToken)
    {
        var check = store.Check(id, text, file);
        report.Problems.AddRange(check.Problems);
        if (check.HasErrors)
        {
            return;
        }
        var result = await store.PublishAsync(id, text, publishedBy, note, cancellationToken).ConfigureAwait(false);
        if (result.Version is { } version)
        {
            report.Published.Add((id, version));
        }
    }

    private sealed record Collected(List<(string Id, int Version)> Published, List<DefinitionProblem> Problems);

    private static IEnumerable<string> Files(string folder, string[] patterns)
        => Directory.Exists(folder) ? patterns.SelectMany(p => Directory.EnumerateFiles(folder, p)).Distinct().Order(StringComparer.Ordinal) : [];

    private static string Relative(string path) => Path.GetRelativePath(Directory.GetCurrentDirectory(), path);
}

public sealed record DeployReport(bool Deployed, IReadOnlyList<(string Id, int Version)> Published, IReadOnlyList<DefinitionProblem> Problems);
