using OmsFlow.Workflows.Definitions;
using OmsFlow.Workflows.Runtime;

namespace OmsFlow.Server.Hooks;

/// <summary>Maps <c>/hooks/{path}</c> to the published workflow whose hook trigger declares that path.</summary>
internal sealed class HookRouter
{
    private readonly DefinitionCatalog _catalog;
    private volatile Dictionary<string, HookRoute>? _routes;

    public HookRouter(DefinitionCatalog catalog)
    {
        _catalog = catalog;
        catalog.Published += _ => _routes = null;
    }

    public async Task<HookRoute?> FindAsync(string path, CancellationToken cancellationToken)
    {
        // A release made elsewhere (the CLI on the database, another server process) raises no event here; reading the
        // active release (a cached pointer, re-read every few seconds) notices it and drops the routes through Published.
        await _catalog.GetActiveReleaseAsync(cancellationToken).ConfigureAwait(false);
        var routes = _routes ?? await BuildAsync(cancellationToken).ConfigureAwait(false);
        return routes.GetValueOrDefault(Normalize(path));
    }

    public static string Normalize(string path) => path.Trim('/').ToLowerInvariant();

    private async Task<Dictionary<string, HookRoute>> BuildAsync(CancellationToken cancellationToken)
    {
        var routes = new Dictionary<string, HookRoute>(StringComparer.Ordinal);
        foreach (var published in await _catalog.ListPublishedAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var trigger in published.Definition.Triggers)
            {
                if (trigger.Kind == TriggerKind.Hook && trigger.HookPath is { } path)
                {
                    routes[Normalize(path)] = new HookRoute(published.Definition, trigger);
                }
            }
        }
        _routes = routes;
        return routes;
    }
}

internal sealed record HookRoute(WorkflowDefinition Workflow, TriggerDefinition Trigger);
