using Microsoft.EntityFrameworkCore;
using OmsFlow.Persistence.Storage;
using OmsFlow.Workflows.Validation;

namespace OmsFlow.Workflows.Versions;

/// <summary>Deploys a folder of definitions (definitions/workflows/*.yaml) as published versions.</summary>
public sealed class DefinitionDeployer(OmsFlowStorage storage, WorkflowVersions versions)
{
    /// <summary>Deploys <paramref name="folder"/> only when the database has no definitions yet (first start).</summary>
    public async Task<DeployReport> DeployIfEmptyAsync(string folder, CancellationToken cancellationToken = default)
    {
        await using (var context = storage.CreateContext())
        {
            if (await context.Definitions.AnyAsync(cancellationToken).ConfigureAwait(false))
            {
                return new DeployReport(false, [], []);
            }
        }
        return await DeployAsync(folder, "Reference definitions deployed on first start", "omsflow", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Publishes every workflow file in the folder that validates; unchanged ones keep their version.</summary>
    public async Task<DeployReport> DeployAsync(string folder, string note, string publishedBy, CancellationToken cancellationToken = default)
    {
        var published = new List<(string Id, int Version)>();
        var problems = new List<DefinitionProblem>();
        var workflows = Path.Combine(folder, "workflows");
        if (!Directory.Exists(workflows))
        {
            return new DeployReport(true, published, problems);
        }
        var files = Directory.EnumerateFiles(workflows, "*.yaml").Concat(Directory.EnumerateFiles(workflows, "*.yml")).Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var text = await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
            var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), file);
            var (definition, found) = versions.Check(text, relative);
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
}

public sealed record DeployReport(bool Deployed, IReadOnlyList<(string Id, int Version)> Published, IReadOnlyList<DefinitionProblem> Problems);
