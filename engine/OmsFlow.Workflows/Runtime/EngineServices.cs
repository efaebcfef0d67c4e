using OmsFlow.Persistence.Storage;
using OmsFlow.Workflows.Activities;
using OmsFlow.Workflows.Documents;
using OmsFlow.Workflows.Expressions;

namespace OmsFlow.Workflows.Runtime;

/// <summary>What every instance execution shares: storage, definitions, activities, expressions and the clock.</summary>
internal sealed class EngineServices(
    OmsFlowStorage storage,
    DefinitionCatalog catalog,
    ActivityRegistry activities,
    IExpressionEvaluator expressions,
    TimeProvider clock,
    IServiceProvider services)
{
    public OmsFlowStorage Storage { get; } = storage;

    public DefinitionCatalog Catalog { get; } = catalog;

    public ActivityRegistry Activities { get; } = activities;

    public IExpressionEvaluator Expressions { get; } = expressions;

    public TimeProvider Clock { get; } = clock;

    public IServiceProvider Services { get; } = services;

    public DefinitionLibrary Definitions { get; } = new(catalog);

    public DocumentStore Documents { get; } = new(storage, clock);

    public long NowMs => Clock.GetUtcNow().ToUnixTimeMilliseconds();
}
