using OmsFlow.Persistence.Storage;
using OmsFlow.Workflows.Releases;
using OmsFlow.Workflows.Runtime;
using OmsFlow.Workflows.Versions;

namespace OmsFlow.Server.Releases;

/// <summary>Registers the release store.</summary>
internal static class ReleaseServices
{
    public static IServiceCollection AddOmsFlowReleases(this IServiceCollection services)
    {
        services.AddSingleton(sp => new ReleaseStore(
            sp.GetRequiredService<OmsFlowStorage>(), sp.GetRequiredService<DefinitionCatalog>(), sp.GetRequiredService<WorkflowVersions>(),
            sp.GetRequiredService<DefinitionStores>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
