using Microsoft.EntityFrameworkCore;
using OmsFlow.Persistence.Records;
using OmsFlow.Persistence.Storage;
using OmsFlow.Workflows.Activities;
using OmsFlow.Workflows.Definitions;
using OmsFlow.Workflows.Expressions;
using OmsFlow.Workflows.Runtime;
using OmsFlow.Workflows.Validation;

namespace OmsFlow.Workflows.Versions;

/// <summary>Drafts, validation, publishing and version history of workflows.</summary>
public sealed class WorkflowVersions(
    OmsFlowStorage storage, DefinitionCatalog catalog, ActivityRegistry activities, IExpressionEvaluator expressions, TimeProvider clock)
{
    private const string Kind = DefinitionCatalog.WorkflowKind;

    /// <summary>Parses and validates a document: syntax, structure, activities, transitions, expressions.</summary>
    public (WorkflowDefinition? Definition, IReadOnlyList<DefinitionProblem> Problems) Check(string text, string? file = null)
    {
        var (definition, problems) = WorkflowDocuments.Read(text, file);
        if (definition is null)
        {
            return (null, problems);
        }
        var all = problems.Concat(new WorkflowValidator(activities, expressions).Validate(definition)).ToList();
        return (definition, all);
    }

    public async Task<IReadOnlyList<DefinitionRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var context = storage.CreateContext();
        return await context.Definitions.AsNoTracking().Where(d => d.Kind == Kind).OrderBy(d => d.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<DefinitionRecord?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var context = storage.CreateContext();
        return await context.Definitions.AsNoTracking().FirstOrDefaultAsync(d => d.Kind == Kind && d.Id == id, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<DefinitionVersionRecord>> HistoryAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var context = storage.CreateContext();
        return await context.DefinitionVersions.AsNoTracking().Where(v => v.Kind == Kind && v.Id == id).OrderByDescending(v => v.Version)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<DefinitionVersionRecord?> GetVersionAsync(string id, int version, CancellationToken cancellationToken = default)
    {
        await using var context = storage.CreateContext();
        return await context.DefinitionVersions.AsNoTracking().FirstOrDefaultAsync(v => v.Kind == Kind && v.Id == id && v.Version == version, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Saves a draft even when it has problems (an analyst saves work in progress); returns the problems.
    /// A draft that parses is stored in canonical form, one that does not is kept as written.
    /// </summary>
    public async Task<IReadOnlyList<DefinitionProblem>> SaveDraftAsync(string id, string text, CancellationToken cancellationToken = default)
    {
        var (definition, problems) = Check(text);
        var mismatch = definition is not null && definition.Id != id
            ? new DefinitionProblem("id-mismatch", $"The document's id is '{definition.Id}' but it is being saved as '{id}'; make them the same.", Field: "id")
            : null;
        if (mismatch is not null)
        {
            return [mismatch, .. problems];
        }
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var context = storage.CreateContext();
        var record = await context.Definitions.FirstOrDefaultAsync(d => d.Kind == Kind && d.Id == id, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            record = new DefinitionRecord { Kind = Kind, Id = id };
            context.Definitions.Add(record);
        }
        record.Draft = definition is null ? text : WorkflowDocuments.Canonical(definition);
        record.DraftUpdatedAt = now;
        record.UpdatedAt = now;
        record.Name ??= definition?.Name;
        record.Description ??= definition?.Description;
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return problems;
    }

    public async Task<bool> DeleteDraftAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var context = storage.CreateContext();
        var record = await context.Definitions.FirstOrDefaultAsync(d => d.Kind == Kind && d.Id == id, cancellationToken).ConfigureAwait(false);
        if (record?.Draft is null)
        {
            return false;
        }
        record.Draft = null;
        record.DraftUpdatedAt = null;
        if (record.LatestVersion == 0)
        {
            context.Definitions.Remove(record);
        }
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Publishes <paramref name="text"/> (or the saved draft when null) as the next version. Nothing is published
    /// when the document has errors; the result lists them.
    /// </summary>
    public async Task<PublishResult> PublishAsync(string id, string? text, string? publishedBy, string? note, CancellationToken cancellationToken = default)
    {
        if (text is null)
        {
            var record = await GetAsync(id, cancellationToken).ConfigureAwait(false);
            if (record?.Draft is null)
            {
                return new PublishResult(null, [new DefinitionProblem("no-draft", $"Workflow '{id}' has no draft to publish; save a draft or send the document.")]);
            }
            text = record.Draft;
        }
        var (definition, problems) = Check(text);
        if (definition is not null && definition.Id != id)
        {
            problems = [new DefinitionProblem("id-mismatch", $"The document's id is '{definition.Id}' but it is being published as '{id}'.", Field: "id"), .. problems];
        }
        if (definition is null || problems.Any(p => p.Severity == ProblemSeverity.Error))
        {
            return new PublishResult(null, problems);
        }
        var version = await catalog.PublishAsync(definition, WorkflowDocuments.Canonical(definition), publishedBy, note, cancellationToken).ConfigureAwait(false);
        await using (var context = storage.CreateContext())
        {
            var record = await context.Definitions.FirstAsync(d => d.Kind == Kind && d.Id == id, cancellationToken).ConfigureAwait(false);
            record.Draft = null;
            record.DraftUpdatedAt = null;
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        return new PublishResult(version, problems);
    }
}

/// <summary>The version published (null when nothing was), and the problems found (warnings do not block).</summary>
public sealed record PublishResult(int? Version, IReadOnlyList<DefinitionProblem> Problems);
