using System.Text.Json.Nodes;
using OmsFlow.Workflows.Activities;
using OmsFlow.Workflows.Definitions;
using OmsFlow.Workflows.Expressions;

namespace OmsFlow.Workflows.Validation;

public sealed partial class WorkflowValidator
{
    /// <summary>The built-in loop activity: its <c>body</c> is required and it ends a loop like a blocking step.</summary>
    private const string ForEachActivity = "ForEach";

    /// <summary>The built-in sub-workflow call and its input naming the workflow to start.</summary>
    private const string CallWorkflowActivity = "CallWorkflow";
    private const string CallWorkflowInput = "workflow";

    private void CheckSteps(Run run)
    {
        var definition = run.Definition;
        if (definition.Steps.Count == 0)
        {
            if (definition.Source.Find("steps") is not null)
            {
                run.Error("no-steps", "The workflow has no steps; add at least one under 'steps'.", "steps");
            }
            return;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var step in definition.Steps)
        {
            if (!seen.Add(step.Name))
            {
                run.Error("duplicate-step", $"Two steps are named '{step.Name}'; rename one.", ProblemPaths.Step(step.Name));
            }
        }
        run.CheckTarget(definition.Start, "start", "The workflow starts at");
        foreach (var step in definition.Steps)
        {
            CheckStep(run, step);
        }
    }

    private void CheckStep(Run run, StepDefinition step)
    {
        var path = ProblemPaths.Step(step.Name);
        foreach (var (outcome, target) in step.Next)
        {
            var label = outcome == StepDefinition.CatchAllOutcome ? "'next' goes to" : $"Outcome '{outcome}' goes to";
            run.CheckTarget(target, outcome == StepDefinition.CatchAllOutcome ? $"{path}.next" : $"{path}.next.{outcome}", label);
        }
        run.CheckTarget(step.Body, $"{path}.body", "The loop body starts at");
        run.CheckTarget(step.Compensate, $"{path}.compensate", "Compensation runs");
        if (step.Retry is { MaxDelay: { } maxDelay } retry && maxDelay < retry.Delay)
        {
            run.Warning("retry-delay", $"maxDelay ({DurationText.Format(maxDelay)}) is shorter than delay ({DurationText.Format(retry.Delay)}), so every retry waits {DurationText.Format(maxDelay)}.", $"{path}.retry.maxDelay");
        }
        foreach (var (name, value) in step.Inputs)
        {
            CheckExpressions(run, value, $"{path}.inputs.{name}", run.ExpressionScope);
        }
        if (step.Activity.Length == 0)
        {
            return;
        }
        if (!_activities.TryGet(step.Activity, out var activity))
        {
            run.Error("unknown-activity", $"There is no activity '{step.Activity}'.{Suggestions.DidYouMean(step.Activity, _activities.All.Select(a => a.Type))} Check the spelling or register the activity's assembly.", $"{path}.activity");
            return;
        }
        CheckInputs(run, step, activity, path);
        CheckCalledWorkflow(run, step, activity, path);
        if (!activity.DynamicOutcomes && activity.Outcomes.Count == 0 && step.Next.Count > 0)
        {
            run.Warning("no-outcomes", $"{activity.Type} ends its path (it has no outcomes), so this 'next' is never followed; remove it.", $"{path}.next");
        }
        else
        {
            CheckOutcomes(run, step, activity, path);
        }
        if (string.Equals(activity.Type, ForEachActivity, StringComparison.Ordinal) && step.Body is null)
        {
            run.Error("missing-body", "A ForEach step needs 'body': the first step to run for each item.", path);
        }
        foreach (var sensitive in step.Sensitive)
        {
            if (!activity.TryGetInput(sensitive, out _))
            {
                run.Warning("unknown-input", $"'sensitive' names '{sensitive}', which is not an input of {activity.Type}.{Suggestions.DidYouMean(sensitive, activity.Inputs.Select(i => i.Name))}", $"{path}.sensitive");
            }
        }
    }

    private static void CheckCalledWorkflow(Run run, StepDefinition step, ActivityDescriptor activity, string path)
    {
        if (run.KnownWorkflows is not { } known || !string.Equals(activity.Type, CallWorkflowActivity, StringComparison.Ordinal)
            || !step.Inputs.TryGetValue(CallWorkflowInput, out var value) || value is not JsonValue scalar
            || !scalar.TryGetValue<string>(out var id) || InputExpressions.IsExpression(value)
            || known.Contains(id) || string.Equals(id, run.Definition.Id, StringComparison.Ordinal))
        {
            return;
        }
        run.Error("unknown-workflow", $"There is no workflow '{id}' to call.{Suggestions.DidYouMean(id, known)} Deploy it first or release both together.", $"{path}.inputs.{CallWorkflowInput}");
    }

    private static void CheckOutcomes(Run run, StepDefinition step, ActivityDescriptor activity, string path)
    {
        foreach (var outcome in step.Next.Keys)
        {
            if (!activity.CanProduce(outcome))
            {
                run.Error("unknown-outcome", $"{activity.Type} never ends with '{outcome}'; it ends with {string.Join(", ", activity.Outcomes)}.{Suggestions.DidYouMean(outcome, activity.Outcomes)}", $"{path}.next.{outcome}");
            }
        }
    }

    private static void CheckInputs(Run run, StepDefinition step, ActivityDescriptor activity, string path)
    {
        foreach (var (name, value) in step.Inputs)
        {
            var inputPath = $"{path}.inputs.{name}";
            if (!activity.TryGetInput(name, out var input))
            {
                var known = activity.Inputs.Count == 0 ? "it takes no inputs" : "its inputs are " + string.Join(", ", activity.Inputs.Select(i => i.Name));
                run.Error("unknown-input", $"{activity.Type} has no input '{name}'; {known}.{Suggestions.DidYouMean(name, activity.Inputs.Select(i => i.Name))}", inputPath);
                continue;
            }
            if (!InputExpressions.ContainsExpression(value) && !input.Accepts(InputExpressions.Resolve(value, _ => null)))
            {
                run.Error("wrong-type", $"{Capitalize(input.DescribeMismatch(value))}; write such a value or an =expression.", inputPath);
            }
        }
        foreach (var input in activity.Inputs)
        {
            if (input.Required && !step.Inputs.ContainsKey(input.Name))
            {
                run.Error("missing-input", $"{activity.Type} needs input '{input.Name}' ({input.Expectation}); add it under 'inputs'.", path);
            }
        }
    }

    private void CheckExpressions(Run run, JsonNode? node, string path, IReadOnlyCollection<string> scope)
    {
        switch (node)
        {
            case JsonObject mapping:
                foreach (var (key, value) in mapping)
                {
                    CheckExpressions(run, value, $"{path}.{key}", scope);
                }
                break;
            case JsonArray list:
                for (var index = 0; index < list.Count; index++)
                {
                    CheckExpressions(run, list[index], $"{path}[{index}]", scope);
                }
                break;
            default:
                if (InputExpressions.IsExpression(node))
                {
                    CheckExpression(run, node!.GetValue<string>()[1..], path, scope, textOffset: 1);
                }
                break;
        }
    }

    private void CheckExpression(Run run, string expression, string path, IReadOnlyCollection<string> scope, int textOffset)
    {
        if (_expressions is null)
        {
            return;
        }
        IReadOnlyList<ExpressionProblem> problems;
        try
        {
            problems = _expressions.Check(expression, scope);
        }
        catch (ExpressionEvaluationException error)
        {
            problems = [new ExpressionProblem(error.Message, 1, 1)];
        }
        foreach (var problem in problems)
        {
            var column = problem.Line <= 1 ? problem.Column + textOffset : problem.Column;
            var position = run.Definition.Source.Locate(path, problem.Line, column);
            run.Add("expression", $"{problem.Message.TrimEnd('.')} in ={Shorten(expression)}.", path, ProblemSeverity.Error, position);
        }
    }

    private static string Shorten(string expression)
    {
        var oneLine = expression.ReplaceLineEndings(" ").Trim();
        return oneLine.Length > 60 ? string.Concat(oneLine.AsSpan(0, 57), "...") : oneLine;
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
