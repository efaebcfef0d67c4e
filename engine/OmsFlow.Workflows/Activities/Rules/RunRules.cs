using System.Text.Json.Nodes;
using OmsFlow.Rules.Execution;
using OmsFlow.Workflows.Runtime;

namespace OmsFlow.Workflows.Activities.Rules;

/// <summary>
/// Evaluates a RulesEngine workflow of a published rule set (the version the instance pinned on first use) and
/// continues on <c>success</c> or <c>failure</c>.
/// </summary>
[Activity("RunRules", Category = "Rules", Outcomes = ["success", "failure"],
    Description = "Evaluate a rule set's workflow with named inputs; continue on 'success' or 'failure'. Output: each rule's result (and the failing sub-condition), action outputs and success events.")]
public sealed class RunRules : Activity
{
    [Input(Required = true, Description = "Id of the published rule set, e.g. discounts.")]
    public string RuleSet { get; set; } = string.Empty;

    [Input(Required = true, Description = "The RulesEngine workflow (WorkflowName) inside the rule set to evaluate.")]
    public string Workflow { get; set; } = string.Empty;

    [Input(Description = "Inputs by the names the rules use, e.g. {input1: =input.order}.", Editor = "json")]
    public JsonObject Inputs { get; set; } = [];

    [Input(Description = "Which rules run: all (RulesEngine), firstMatch (until one succeeds) or priority (highest Priority first, until one succeeds).")]
    public EvaluationMode Mode { get; set; } = EvaluationMode.All;

    [Input(Description = "When the outcome is 'success': every evaluated rule succeeded (all) or at least one did (any).", Options = ["all", "any"])]
    public string Require { get; set; } = "all";

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        LoadedDefinition<RuleSet> rules;
        try
        {
            rules = await context.Definitions.ResolveRuleSetAsync(context, RuleSet).ConfigureAwait(false);
        }
        catch (DefinitionNotFoundException ex)
        {
            return ActivityResult.Fault(ex.Message, permanent: true);
        }
        if (!rules.Value.HasWorkflow(Workflow))
        {
            return ActivityResult.Fault(
                $"Rule set '{RuleSet}' v{rules.Version} has no workflow '{Workflow}'; it has {string.Join(", ", rules.Value.Workflows.Select(w => w.WorkflowName))}.",
                permanent: true);
        }
        var parameters = Inputs.Select(p => new RuleParameter(p.Key, p.Value?.DeepClone())).ToArray();
        List<RuleResultTree> results;
        try
        {
            results = rules.Value.Execute(Workflow, Mode, parameters);
        }
        catch (RuleEvaluationException ex)
        {
            return ActivityResult.Fault($"Rule set '{RuleSet}' v{rules.Version}, workflow '{Workflow}': {ex.Message}", permanent: true);
        }
        var success = string.Equals(Require, "any", StringComparison.OrdinalIgnoreCase) || Mode != EvaluationMode.All
            ? results.Exists(r => r.IsSuccess)
            : results.Count > 0 && results.TrueForAll(r => r.IsSuccess);
        var output = new JsonObject
        {
            ["ruleSet"] = RuleSet,
            ["version"] = rules.Version,
            ["workflow"] = Workflow,
            ["isSuccess"] = success,
            ["results"] = RuleResultSummary.Results(results),
            ["actions"] = RuleResultSummary.Actions(results),
            ["successEvents"] = RuleResultSummary.SuccessEvents(results),
        };
        return ActivityResult.Done(success ? "success" : "failure", output);
    }
}
