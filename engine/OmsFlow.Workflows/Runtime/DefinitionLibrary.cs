using System.Collections.Concurrent;
using OmsFlow.Rules.Execution;
using OmsFlow.Rules.Tables;
using OmsFlow.Workflows.Activities;
using OmsFlow.Workflows.Versions.Kinds;

namespace OmsFlow.Workflows.Runtime;

/// <summary>A loaded version of a rule set, decision table or template set.</summary>
public sealed record LoadedDefinition<T>(string Kind, string Id, int Version, T Value);

/// <summary>
/// Rule sets, decision tables and template sets as the runtime uses them: loaded (compiled, parsed, partials
/// registered) once per version and cached forever, since versions never change.
/// </summary>
public sealed class DefinitionLibrary(DefinitionCatalog catalog)
{
    private readonly ConcurrentDictionary<(string Kind, string Id, int Version), Lazy<object>> _loaded = new();

    /// <summary>A version of a rule set; the published one when <paramref name="version"/> is null.</summary>
    /// <exception cref="DefinitionNotFoundException">No such rule set or version.</exception>
    public Task<LoadedDefinition<RuleSet>> GetRuleSetAsync(string id, int? version = null, CancellationToken cancellationToken = default)
        => GetAsync(RuleSetKind.KindName, "Rule set", id, version, RuleSetKind.Load, cancellationToken);

    /// <summary>A version of a decision table; the published one when <paramref name="version"/> is null.</summary>
    /// <exception cref="DefinitionNotFoundException">No such table or version.</exception>
    public Task<LoadedDefinition<DecisionTable>> GetTableAsync(string id, int? version = null, CancellationToken cancellationToken = default)
        => GetAsync(DecisionTableKind.KindName, "Decision table", id, version, DecisionTableKind.Load, cancellationToken);

    /// <summary>A version of a template set, ready to render; the published one when <paramref name="version"/> is null.</summary>
    /// <exception cref="DefinitionNotFoundException">No such template set or version.</exception>
    public Task<LoadedDefinition<TemplateBundle>> GetTemplateAsync(string id, int? version = null, CancellationToken cancellationToken = default)
        => GetAsync(TemplateSetKind.KindName, "Template set", id, version, TemplateSetKind.Load, cancellationToken);

    /// <summary>The rule set version the instance pinned, pinning the published one on first use.</summary>
    public Task<LoadedDefinition<RuleSet>> ResolveRuleSetAsync(ActivityContext context, string id)
        => ResolveAsync(context, RuleSetKind.KindName, id, GetRuleSetAsync);

    /// <summary>The decision table version the instance pinned, pinning the published one on first use.</summary>
    public Task<LoadedDefinition<DecisionTable>> ResolveTableAsync(ActivityContext context, string id)
        => ResolveAsync(context, DecisionTableKind.KindName, id, GetTableAsync);

    /// <summary>The template set version the instance pinned, pinning the published one on first use.</summary>
    public Task<LoadedDefinition<TemplateBundle>> ResolveTemplateAsync(ActivityContext context, string id)
        => ResolveAsync(context, TemplateSetKind.KindName, id, GetTemplateAsync);

    private async Task<LoadedDefinition<T>> ResolveAsync<T>(
        ActivityContext context, string kind, string id, Func<string, int?, CancellationToken, Task<LoadedDefinition<T>>> get)
    {
        ArgumentNullException.ThrowIfNull(context);
        var version = context.PinnedVersion(kind, id);
        if (version is null && context.PinnedRelease is { } release)
        {
            var set = await catalog.GetReleaseSetAsync(release, context.CancellationToken).ConfigureAwait(false);
            version = set.VersionOf(kind, id) ?? throw new DefinitionNotFoundException(
                $"{Noun(kind)} '{id}' has no published version in release {release}, which this instance started on; release it, or migrate the instance to a release that has it.");
        }
        var loaded = await get(id, version, context.CancellationToken).ConfigureAwait(false);
        context.Pin(kind, id, loaded.Version);
        return loaded;
    }

    private static string Noun(string kind) => kind switch
    {
        RuleSetKind.KindName => "Rule set",
        DecisionTableKind.KindName => "Decision table",
        _ => "Template set",
    };

    private async Task<LoadedDefinition<T>> GetAsync<T>(
        string kind, string noun, string id, int? version, Func<string, int, string, T> load, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        var resolved = version ?? await catalog.GetPublishedVersionAsync(kind, id, cancellationToken).ConfigureAwait(false)
            ?? throw new DefinitionNotFoundException($"{noun} '{id}' has no published version; publish it first (or check the id).");
        var key = (kind, id, resolved);
        if (!_loaded.TryGetValue(key, out var entry))
        {
            var content = await catalog.GetContentAsync(kind, id, resolved, cancellationToken).ConfigureAwait(false)
                ?? throw new DefinitionNotFoundException($"{noun} '{id}' has no version {resolved}.");
            entry = _loaded.GetOrAdd(key, _ => new Lazy<object>(() => load(id, resolved, content)!));
        }
        return new LoadedDefinition<T>(kind, id, resolved, (T)entry.Value);
    }
}

/// <summary>A rule set, decision table or template set (or the version asked for) does not exist.</summary>
public sealed class DefinitionNotFoundException : Exception
{
    public DefinitionNotFoundException()
    {
    }

    public DefinitionNotFoundException(string message)
        : base(message)
    {
    }

    public DefinitionNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
