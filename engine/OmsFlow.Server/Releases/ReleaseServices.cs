using OmsFlow.Persistence.Storage;
using OmsFlow.Workflows.Releases;
using OmsFlow.Workflows.Releases.Rehearse;
using OmsFlow.Workflows.Runtime;
using OmsFlow.Workflows.Versions;

namespace OmsFlow.Server.Releases;

/// <summary>Registers the release store, the release comparer, rehearsals and instance migration (composed by <see cref="ReleaseTools"/>).</summary>
internal static class ReleaseServices
{
    public static IServiceCollection AddOmsFlowReleases(this IServiceCollection services)
    {
        foreach (var lens in OmsFlow.Orders.Rehearsal.OrderRehearsalLenses.All)
        {
            services.AddSingleton(lens);
        }
        services.AddSingleton(sp => new ReleaseTools(
            sp.GetRequiredService<OmsFlowStorage>(), sp.GetRequiredService<DefinitionCatalog>(), sp.GetRequiredService<WorkflowVersions>(),
            sp.GetRequiredService<DefinitionStores>(), sp.GetRequiredService<TimeProvider>(), sp.GetServices<IRehearsalLens>()));
        services.AddSingleton(sp => sp.GetRequiredService<ReleaseTools>().Releases);
        services.AddSingleton(sp => sp.GetRequiredService<ReleaseTools>().Comparer);
        services.AddSingleton(sp => sp.GetRequiredService<ReleaseTools>().Rehearsal);
        services.AddSingleton(sp => sp.GetRequiredService<ReleaseTools>().Migrator);
        return services;
    }
}
