using System.Text.Json.Nodes;
using OmsFlow.Rules.Execution;
using OmsFlow.Rules.Tables;
using OmsFlow.Server.Http;
using OmsFlow.Server.Security;
using OmsFlow.Workflows.Activities.Rules;
using OmsFlow.Workflows.Runtime;
using OmsFlow.Workflows.Versions;
using OmsFlow.Workflows.Versions.Kinds;

namespace OmsFlow.Server.Definitions;

/// <summary>Trying rules and tables out: which rule and which sub-condition passed or failed, which table rows matched.</summary>
internal static class EvaluateEndpoints
{
    public static IEndpointRouteBuilder MapEvaluateApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/rules/{id}/evaluate", EvaluateRulesAsync).WithTags("Rules")
            .WithSummary("Evaluate a workflow of the rule set ({workflow, inputs: {name: value}, mode?, version? | draft?}); per rule: passed or not, the failing sub-condition, action output.").RequireAccess(AccessPolicies.ReadDefinitions);
        app.MapPost("/api/tables/{id}/evaluate", EvaluateTableAsync).WithTags("Decision tables")
            .WithSummary("Evaluate the table ({input: {...}, version? | draft?}); the matched rows and the output.").RequireAccess(AccessPolicies.ReadDefinitions);
        return app;
    }

    private static async Task<IResult> EvaluateRulesAsync(string id, HttpRequest request, DefinitionStores stores, DefinitionLibrary library, CancellationToken cancellationToken)
    {
        var (_, body, problem) = await JsonBody.ReadObjectAsync(request).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }
        var (rules, unavailable) = await DefinitionSource.LoadAsync(stores.Rules, id, body!, library.GetRuleSetAsync, RuleSetKind.Load, cancellationToken).ConfigureAwait(false);
        if (unavailable is not null)
        {
            return unavailable;
        }
        var ruleSet = rules!.Value;
        var workflow = body!["workflow"]?.ToString() ?? (ruleSet.Workflows.Count == 1 ? ruleSet.Workflows.First().WorkflowName : null);
        if (workflow is null || !ruleSet.HasWorkflow(workflow))
        {
            return Problems.Unprocessable(
                $"Name the workflow to evaluate in 'workflow'; rule set '{id}' has {string.Join(", ", ruleSet.Workflows.Select(w => w.WorkflowName))}.", "workflow");
        }
        if (body["inputs"] is not (null or JsonObject))
        {
            return Problems.BadRequest("'inputs' must be an object of named inputs, e.g. {\"input1\": {...}}.", "inputs");
        }
        var mode = EvaluationMode.All;
        if (body["mode"]?.ToString() is { } modeText && !Enum.TryParse(modeText, ignoreCase: true, out mode))
        {
            return Problems.BadRequest("'mode' must be all, firstMatch or priority.", "mode");
        }
        var inputs = (body["inputs"] as JsonObject ?? []).Select(p => new RuleParameter(p.Key, p.Value?.DeepClone())).ToArray();
        List<RuleResultTree> results;
        try
        {
            results = ruleSet.Execute(workflow, mode, inputs);
        }
        catch (RuleEvaluationException ex)
        {
            return Problems.Unprocessable($"Evaluation of '{workflow}' failed: {ex.Message}");
        }
        return TypedResults.Ok(new JsonObject
        {
            ["ruleSet"] = id,
            ["version"] = rules.Version == 0 ? null : rules.Version,
            ["draft"] = rules.Version == 0,
            ["workflow"] = workflow,
            ["allPassed"] = results.Count > 0 && results.TrueForAll(r => r.IsSuccess),
            ["anyPassed"] = results.Exists(r => r.IsSuccess),
            ["results"] = RuleResultSummary.Results(results, includeInputs: true),
            ["actions"] = RuleResultSummary.Actions(results),
            ["successEvents"] = RuleResultSummary.SuccessEvents(results),
        });
    }

    private static async Task<IResult> EvaluateTableAsync(string id, HttpRequest request, DefinitionStores stores, DefinitionLibrary library, CancellationToken cancellationToken)
    {
        var (_, body, problem) = await JsonBody.ReadObjectAsync(request).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }
        if (body!["input"] is not JsonObject input)
        {
            return Problems.BadRequest("Send the values the table's input columns read as 'input', e.g. {\"input\": {\"order\": {...}}}.", "input");
        }
        var (table, unavailable) = await DefinitionSource.LoadAsync(stores.Tables, id, body, library.GetTableAsync, DecisionTableKind.Load, cancellationToken).ConfigureAwait(false);
        if (unavailable is not null)
        {
            return unavailable;
        }
        DecisionResult result;
        try
        {
            result = table!.Value.Evaluate((JsonObject)input.DeepClone());
        }
        catch (DecisionTableException ex)
        {
            return Problems.Unprocessable($"Decision table '{id}': {ex.Message}");
        }
        return TypedResults.Ok(new JsonObject
        {
            ["table"] = id,
            ["version"] = table.Version == 0 ? null : table.Version,
            ["draft"] = table.Version == 0,
            ["hitPolicy"] = table.Value.HitPolicy.ToString(),
            ["matched"] = result.Matched,
            ["matchedRows"] = new JsonArray([.. result.MatchedRows.Select(r => (JsonNode)JsonValue.Create(r))]),
            ["output"] = result.Output?.DeepClone(),
        });
    }
}
