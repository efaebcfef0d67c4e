using OmsFlow.Persistence.Records;
using OmsFlow.Persistence.Storage;
using OmsFlow.Workflows.Activities;
using OmsFlow.Workflows.Definitions;
using OmsFlow.Workflows.Expressions;
using OmsFlow.Workflows.Runtime;
using OmsFlow.Workflows.Validation;

namespace OmsFlow.Workflows.Versions;

/// <summary>Drafts, validation, publishing and version history of workflows (the workflow kind of <see cref="DefinitionVersions"/>).</summary>
public sealed class WorkflowVersions
{
    private readonly ActivityRegistry _activities;
    private readonly IExpressionEvaluator _expressions;
    private readonly DefinitionVersions _store;

    public WorkflowVersions(OmsFlowStorage storage, DefinitionCatalog catalog, ActivityRegistry activities, IExpressionEvaluator expressions, TimeProvider clock)
    {
        _activities = activities;
        _expressions = expressions;
        _store = new DefinitionVersions(storage, catalog, new WorkflowKind(this), clock);
    }

    /// <summary>Workflows as a definition kind of the kind-generic version store.</summary>
    public IDefinitionKind Kind => _store.Kind;

    /// <summary>Parses and validates a document: syntax, structure, activities, transitions, expressions.</summary>
    public (WorkflowDefinition? Definition, IReadOnlyList<DefinitionProblem> Problems) Check(string text, string? file = null)
    {
        var (definition, problems) = WorkflowDocuments.Read(text, file);
        if (definition is null)
        {
            return (null, problems);
        }
        var all = problems.Concat(new WorkflowValidator(_activities, _expressions).Validate(definition)).ToList();
        return (definition, all);
    }

    public Task<IReadOnlyList<DefinitionRecord>> ListAsync(CancellationToken cancellationToken = default) => _store.ListAsync(cancellationToken);

    public Task<DefinitionRecord?> GetAsync(string id, CancellationToken cancellationToken = default) => _store.GetAsync(id, cancellationToken);

    public Task<IReadOnlyList<DefinitionVersionRecord>> HistoryAsync(string id, CancellationToken cancellationToken = default) => _store.HistoryAsync(id, cancellationToken);

    public Task<DefinitionVersionRecord?> GetVersionAsync(string id, int version, CancellationToken cancellationToken = default)
        => _store.GetVersionAsync(id, version, cancellationToken);

    /// <summary>
    /// Saves a draft even when it has problems (an analyst saves work in progress); returns the problems.
    /// A draft that parses is stored in canonical form, one that does not is kept as written.
    /// </summary>
    public Task<IReadOnlyList<DefinitionProblem>> SaveDraftAsync(string id, string text, CancellationToken cancellationToken = default)
        => _store.SaveDraftAsync(id, text, cancellationToken);

    public Task<bool> DeleteDraftAsync(string id, CancellationToken cancellationToken = default) => _store.DeleteDraftAsync(id, cancellationToken);

    /// <summary>
    /// Publishes <paramref name="text"/> (or the saved draft when null) as the next version. Nothing is published
    /// when the document has errors; the result lists them.
    /// </summary>
    public Task<PublishResult> PublishAsync(string id, string? text, string? publishedBy, string? note, CancellationToken cancellationToken = default)
        => _store.PublishAsync(id, text, publishedBy, note, cancellationToken);

    /// <summary>Workflows as a definition kind: YAML or JSON documents, stored as canonical JSON.</summary>
    private sealed class WorkflowKind(WorkflowVersions versions) : IDefinitionKind
    {
        public string Kind => DefinitionCatalog.WorkflowKind;

        public string Noun => "Workflow";

        public DefinitionCheck Check(string id, string text, string? file = null)
        {
            // API documents are reported without a file name, as before kinds were generalized.
            var (definition, problems) = versions.Check(text, file == id ? null : file);
            if (definition is null)
            {
                return DefinitionCheck.Unreadable(problems);
            }
            if (definition.Id != id)
            {
                problems = [new DefinitionProblem(DefinitionProblemCodes.IdMismatch,
                    $"The document's id is '{definition.Id}' but it is being saved as '{id}'; make them the same.", Field: "id"), .. problems];
            }
            return new DefinitionCheck(WorkflowDocuments.Canonical(definition), definition.Name, definition.Description, problems);
        }
    }
}
