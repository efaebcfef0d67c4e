using System.Text.Json;
using System.Text.Json.Nodes;
using OmsFlow.Server.Http;
using OmsFlow.Server.Workflows;
using OmsFlow.Workflows.Runtime;
using OmsFlow.Workflows.Versions;

namespace OmsFlow.Server.Definitions;

/// <summary>
/// Picks what an evaluate or preview request runs against: the draft (<c>"draft": true</c>), a version
/// (<c>"version": n</c>) or, by default, the published version.
/// </summary>
internal static class DefinitionSource
{
    public static async Task<(LoadedDefinition<T>? Loaded, IResult? Problem)> LoadAsync<T>(
        DefinitionVersions store,
        string id,
        JsonObject body,
        Func<string, int?, CancellationToken, Task<LoadedDefinition<T>>> get,
        Func<string, int, string, T> loadDraft,
        CancellationToken cancellationToken)
    {
        int? version = null;
        if (body["version"] is { } versionNode)
        {
            if (versionNode is not JsonValue value || !value.TryGetValue<int>(out var number) || number < 1)
            {
                return (null, Problems.BadRequest("'version' must be a version number (1 or more).", "version"));
            }
            version = number;
        }
        var draft = body["draft"] is JsonValue flag && flag.TryGetValue<bool>(out var isDraft) && isDraft;
        if (!draft)
        {
            try
            {
                return (await get(id, version, cancellationToken).ConfigureAwait(false), null);
            }
            catch (DefinitionNotFoundException ex)
            {
                return (null, Problems.NotFound(ex.Message));
            }
        }
        var record = await store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (record?.Draft is not { } text)
        {
            return (null, Problems.NotFound($"{store.Kind.Noun} '{id}' has no draft; save one with PUT, or leave out 'draft' to use the published version."));
        }
        var check = store.Check(id, text);
        if (check.Canonical is null)
        {
            return (null, Unusable(store, id, check.Problems));
        }
        try
        {
            return (new LoadedDefinition<T>(store.Kind.Kind, id, 0, loadDraft(id, 0, check.Canonical)), null);
        }
        catch (Exception ex) when (ex is InvalidOperationException or JsonException or OmsFlow.Rules.Tables.DecisionTableException)
        {
            return (null, Unusable(store, id, check.Problems, ex.Message));
        }
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Unusable(DefinitionVersions store, string id, IReadOnlyList<OmsFlow.Workflows.Validation.DefinitionProblem> problems, string? detail = null)
    {
        var first = (problems.Count > 0 ? problems[0].ToString() : null) ?? detail ?? "it has errors";
        return Problems.Unprocessable($"The draft of {store.Kind.Noun.ToLowerInvariant()} '{id}' cannot be used: {first}", null,
            new Dictionary<string, object?> { ["problems"] = problems.Select(WorkflowEndpoints.ProblemJson) });
    }
}
