using System.Text.Json.Nodes;
using OmsFlow.Expressions.Runtime;
using OmsFlow.Rules.Execution;

namespace OmsFlow.Workflows.Activities.Rules;

/// <summary>
/// The JSON a rule evaluation is reported as (step output, evaluate API): per rule whether it passed, why not
/// (the failing sub-condition), nested results, and what its action produced.
/// </summary>
public static class RuleResultSummary
{
    /// <summary>One entry per top-level rule, with nested rules under <c>children</c>.</summary>
    public static JsonArray Results(IEnumerable<RuleResultTree> results, bool includeInputs = false)
    {
        ArgumentNullException.ThrowIfNull(results);
        var array = new JsonArray();
        foreach (var result in results)
        {
            array.Add(Result(result, includeInputs));
        }
        return array;
    }

    /// <summary>Outputs of the actions that ran, by rule name (rules whose action failed report <c>{error}</c>).</summary>
    public static JsonObject Actions(IEnumerable<RuleResultTree> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var actions = new JsonObject();
        foreach (var result in results.Where(r => r.ActionResult is not null))
        {
            actions[result.Rule.RuleName] = result.ActionResult!.Exception is { } error
                ? new JsonObject { ["error"] = error.Message }
                : DynamicOps.ToJson(result.ActionResult.Output);
        }
        return actions;
    }

    /// <summary>The success events of the rules that passed, in evaluation order.</summary>
    public static JsonArray SuccessEvents(IEnumerable<RuleResultTree> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return [.. results.Where(r => r.IsSuccess && r.Rule.SuccessEvent is { Length: > 0 }).Select(r => (JsonNode)JsonValue.Create(r.Rule.SuccessEvent!))];
    }

    private static JsonObject Result(RuleResultTree result, bool includeInputs)
    {
        var node = new JsonObject
        {
            ["rule"] = result.Rule.RuleName,
            ["isSuccess"] = result.IsSuccess,
            ["outcome"] = result.Outcome switch
            {
                RuleOutcome.Success => "success",
                RuleOutcome.BusinessFailure => "failure",
                _ => "error",
            },
        };
        if (result.Rule.Expression is { Length: > 0 } expression)
        {
            node["expression"] = expression;
        }
        if (result.ExceptionMessage.Length > 0)
        {
            node["message"] = result.ExceptionMessage;
        }
        if (!result.IsSuccess && result.Explanation is { } explanation)
        {
            node["failedCondition"] = explanation;
        }
        if (result.ChildResults is { } children)
        {
            node["children"] = Results(children, includeInputs);
        }
        if (result.ActionResult is { } action)
        {
            node["actionResult"] = new JsonObject { ["output"] = DynamicOps.ToJson(action.Output), ["exception"] = action.Exception?.Message };
        }
        if (includeInputs)
        {
            var inputs = new JsonObject();
            foreach (var (name, value) in result.Inputs)
            {
                inputs[name] = DynamicOps.ToJson(value);
            }
            node["inputs"] = inputs;
        }
        return node;
    }
}
