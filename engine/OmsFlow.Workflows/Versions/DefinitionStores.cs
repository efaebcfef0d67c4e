using OmsFlow.Persistence.Storage;
using OmsFlow.Workflows.Runtime;
using OmsFlow.Workflows.Versions.Kinds;

namespace OmsFlow.Workflows.Versions;

/// <summary>The version stores of the kinds beside workflows: rule sets, decision tables and template sets.</summary>
public sealed class DefinitionStores(OmsFlowStorage storage, DefinitionCatalog catalog, TimeProvider clock)
{
    /// <summary>Rule sets (kind <c>rules</c>): RulesEngine workflow JSON.</summary>
    public DefinitionVersions Rules { get; } = new(storage, catalog, new RuleSetKind(), clock);

    /// <summary>Decision tables (kind <c>table</c>): YAML.</summary>
    public DefinitionVersions Tables { get; } = new(storage, catalog, new DecisionTableKind(), clock);

    /// <summary>Template sets (kind <c>template</c>): parts, partials and sample data as JSON.</summary>
    public DefinitionVersions Templates { get; } = new(storage, catalog, new TemplateSetKind(), clock);

    internal DefinitionCatalog Catalog => catalog;

    internal TimeProvider Clock => clock;

    /// <summary>Every store, in deployment order (templates, tables and rules before the workflows that use them).</summary>
    public IReadOnlyList<DefinitionVersions> All => [Templates, Tables, Rules];
}
