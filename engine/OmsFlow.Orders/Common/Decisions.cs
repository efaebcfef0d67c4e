using System.Text.Json.Nodes;
using OmsFlow.Rules.Execution;
using OmsFlow.Rules.Tables;
using OmsFlow.Workflows.Activities;

namespace OmsFlow.Orders.Common;

/// <summary>Looks up the decision tables and rule sets the OMS activities consult (the versions the instance pinned).</summary>
public static class Decisions
{
    /// <summary>The table's output for <paramref name="input"/>, or null when no row matched.</summary>
    /// <exception cref="DecisionException">The table is missing or failed to evaluate.</exception>
    public static async Task<JsonNode?> TableAsync(ActivityContext context, string tableId, JsonObject input)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            var table = await context.Definitions.ResolveTableAsync(context, tableId).ConfigureAwait(false);
            var result = table.Value.Evaluate(input);
            return result.Matched ? result.Output?.DeepClone() : null;
        }
        catch (Workflows.Runtime.DefinitionNotFoundException ex)
        {
            throw new DecisionException(ex.Message, ex);
        }
        catch (DecisionTableException ex)
        {
            throw new DecisionException($"Decision table '{tableId}': {ex.Message}", ex);
        }
    }

    /// <summary>Runs every rule of <paramref name="workflow"/> in rule set <paramref name="ruleSetId"/>.</summary>
    /// <exception cref="DecisionException">The rule set or workflow is missing or failed to evaluate.</exception>
    public static async Task<List<RuleResultTree>> RulesAsync(ActivityContext context, string ruleSetId, string workflow, params (string Name, JsonNode? Value)[] inputs)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            var rules = await context.Definitions.ResolveRuleSetAsync(context, ruleSetId).ConfigureAwait(false);
            if (!rules.Value.HasWorkflow(workflow))
            {
                throw new DecisionException($"Rule set '{ruleSetId}' v{rules.Version} has no workflow '{workflow}'.");
            }
            return rules.Value.Execute(workflow, EvaluationMode.All, [.. inputs.Select(i => new RuleParameter(i.Name, i.Value))]);
        }
        catch (Workflows.Runtime.DefinitionNotFoundException ex)
        {
            throw new DecisionException(ex.Message, ex);
        }
        catch (RuleEvaluationException ex)
        {
            throw new DecisionException($"Rule set '{ruleSetId}', workflow '{workflow}': {ex.Message}", ex);
        }
    }

    /// <summary>A rule's message for a failed rule: its formatted ErrorMessage, else its name.</summary>
    public static string Message(RuleResultTree result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return string.IsNullOrEmpty(result.ExceptionMessage) ? result.Rule.RuleName : result.ExceptionMessage;
    }
}

/// <summary>A decision table or rule set an OMS activity needs is missing or broken.</summary>
public sealed class DecisionException : Exception
{
    public DecisionException()
    {
    }

    public DecisionException(string message)
        : base(message)
    {
    }

    public DecisionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
