using OmsFlow.Persistence.Storage;
using OmsFlow.Workflows.Activities;
using OmsFlow.Workflows.Expressions;
using OmsFlow.Workflows.Releases.Diff;
using OmsFlow.Workflows.Releases.Migration;
using OmsFlow.Workflows.Releases.Rehearse;
using OmsFlow.Workflows.Runtime;
using OmsFlow.Workflows.Versions;

namespace OmsFlow.Workflows.Releases;

/// <summary>
/// The release services over one database: the release store, the comparer, rehearsals and instance migration. The
/// server registers them from its container; the CLI's local database mode opens them with <see cref="Open"/>.
/// </summary>
public sealed class ReleaseTools
{
    /// <summary>Composes the release services from the engine's shared catalog, version stores and clock.</summary>
    public ReleaseTools(
        OmsFlowStorage storage, DefinitionCatalog catalog, WorkflowVersions workflows, DefinitionStores stores, TimeProvider clock, IEnumerable<IRehearsalLens>? lenses = null)
    {
        Storage = storage;
        Releases = new ReleaseStore(storage, catalog, workflows, stores, clock);
        Comparer = new ReleaseComparer(storage, clock);
        Rehearsal = new Rehearsal(storage, catalog, lenses ?? []);
        Migrator = new InstanceMigrator(storage, catalog, clock);
    }

    /// <summary>The database the services work on.</summary>
    public OmsFlowStorage Storage { get; }

    public ReleaseStore Releases { get; }

    public ReleaseComparer Comparer { get; }

    public Rehearsal Rehearsal { get; }

    public InstanceMigrator Migrator { get; }

    /// <summary>
    /// The release services over <paramref name="storage"/>, with a definition catalog and version stores of their own
    /// composed as the server composes its: workflows validated against <paramref name="activities"/> and the expression language.
    /// </summary>
    public static ReleaseTools Open(OmsFlowStorage storage, ActivityRegistry activities, TimeProvider clock, IEnumerable<IRehearsalLens>? lenses = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(activities);
        ArgumentNullException.ThrowIfNull(clock);
        var catalog = new DefinitionCatalog(storage, WorkflowDocuments.ReadStored, clock);
        var workflows = new WorkflowVersions(storage, catalog, activities, new ExpressionLanguageEvaluator(), clock);
        return new ReleaseTools(storage, catalog, workflows, new DefinitionStores(storage, catalog, clock), clock, lenses);
    }
}
