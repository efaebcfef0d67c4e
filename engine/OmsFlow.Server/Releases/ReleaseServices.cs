using OmsFlow.Persistence.Storage;
using OmsFlow.Workflows.Releases;
using OmsFlow.Workflows.Releases.Diff;
using OmsFlow.Workflows.Releases.Migration;
using OmsFlow.Workflows.Releases.Rehearse;
using OmsFlow.Workflows.Runtime;
using OmsFlow.Workflows.Versions;

namespace OmsFlow.Server.Releases;

/// <summary>Registers the release store, the release comparer, rehearsals and instance migration.</summary>
internal static class ReleaseServices
{
    public static IServiceCollection AddOmsFlowReleases(this IServiceCollection services)
    {
        services.AddSingleton(sp => new ReleaseStore(
            sp.GetRequiredService<OmsFlowStorage>(), sp.GetRequiredService<DefinitionCatalog>(), sp.GetRequiredService<WorkflowVersions>(),
            sp.GetRequiredService<DefinitionStores>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new ReleaseComparer(sp.GetRequiredService<OmsFlowStorage>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new Rehearsal(sp.GetRequiredService<OmsFlowStorage>(), sp.GetRequiredService<DefinitionCatalog>()));
        services.AddSingleton(sp => new InstanceMigrator(
            sp.GetRequiredService<OmsFlowStorage>(), sp.GetRequiredService<DefinitionCatalog>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
