using OmsFlow.Expressions;
using OmsFlow.Rules.Model;

namespace OmsFlow.Rules.Loading;

/// <summary>
/// Checks workflows as RulesEngine's validator does (names present, each rule has an Expression or nested Rules with an
/// operator, injected workflows exist) and also parses every expression so syntax errors surface at load time.
/// </summary>
public static class WorkflowValidator
{
    private static readonly string[] Operators = ["And", "AndAlso", "Or", "OrElse"];

    private static readonly string[] KnownActions = ["OutputExpression", "EvaluateRule"];

    public static IReadOnlyList<RuleProblem> Validate(IReadOnlyList<(Workflow Workflow, string File)> workflows, IReadOnlyCollection<string>? customActions = null)
    {
        ArgumentNullException.ThrowIfNull(workflows);
        var problems = new List<RuleProblem>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (workflow, file) in workflows)
        {
            if (string.IsNullOrWhiteSpace(workflow.WorkflowName))
            {
                problems.Add(At(file, workflow.Location, null, null, "WorkflowName is required"));
            }
            else if (!names.Add(workflow.WorkflowName))
            {
                problems.Add(At(file, workflow.Location, workflow.WorkflowName, null, "another workflow has the same WorkflowName; names must be unique"));
            }
        }

        foreach (var (workflow, file) in workflows)
        {
            var name = workflow.WorkflowName;
            if (workflow.Rules.Count == 0 && workflow.WorkflowsToInject is not { Count: > 0 })
            {
                problems.Add(At(file, workflow.Location, name, null, "the workflow has no Rules and no WorkflowsToInject; add at least one rule"));
            }

            foreach (var injected in workflow.WorkflowsToInject ?? [])
            {
                if (!names.Contains(injected))
                {
                    problems.Add(At(file, workflow.Location, name, null, $"WorkflowsToInject names '{injected}', which is not loaded; load its file too"));
                }
            }

            foreach (var param in workflow.GlobalParams ?? [])
            {
                CheckParam(param, file, name, null, problems);
            }

            var ruleNames = new HashSet<string>(StringComparer.Ordinal);
            foreach (var rule in workflow.Rules)
            {
                if (!string.IsNullOrWhiteSpace(rule.RuleName) && !ruleNames.Add(rule.RuleName))
                {
                    problems.Add(At(file, rule.Location, name, rule.RuleName, "another rule in this workflow has the same RuleName"));
                }

                CheckRule(rule, file, name, problems, customActions ?? []);
            }
        }

        return problems;
    }

    private static void CheckRule(Rule rule, string file, string workflow, List<RuleProblem> problems, IReadOnlyCollection<string> customActions)
    {
        var ruleName = string.IsNullOrWhiteSpace(rule.RuleName) ? null : rule.RuleName;
        if (ruleName is null)
        {
            problems.Add(At(file, rule.Location, workflow, null, "RuleName is required"));
        }

        foreach (var param in rule.LocalParams ?? [])
        {
            CheckParam(param, file, workflow, ruleName, problems);
        }

        if (rule.Rules is { Count: > 0 })
        {
            if (!Operators.Contains(rule.Operator?.Trim(), StringComparer.OrdinalIgnoreCase))
            {
                problems.Add(At(file, rule.Location, workflow, ruleName, $"nested rules need Operator And, AndAlso, Or or OrElse (found '{rule.Operator}')"));
            }

            foreach (var child in rule.Rules)
            {
                CheckRule(child, file, workflow, problems, customActions);
            }
        }
        else if (string.IsNullOrWhiteSpace(rule.Expression))
        {
            problems.Add(At(file, rule.Location, workflow, ruleName, "the rule needs an Expression or nested Rules"));
        }
        else
        {
            CheckExpression(rule.Expression, rule.ExpressionLocation, rule.Location, "Expression", file, workflow, ruleName, problems);
        }

        foreach (var action in new[] { rule.Actions?.OnSuccess, rule.Actions?.OnFailure })
        {
            if (action is not null && !KnownActions.Contains(action.Name, StringComparer.OrdinalIgnoreCase)
                && !customActions.Contains(action.Name, StringComparer.OrdinalIgnoreCase))
            {
                problems.Add(At(file, rule.Location, workflow, ruleName, $"unknown action '{action.Name}'; use OutputExpression, EvaluateRule or a registered custom action"));
            }
        }
    }

    private static void CheckParam(ScopedParam param, string file, string workflow, string? rule, List<RuleProblem> problems)
    {
        if (string.IsNullOrWhiteSpace(param.Name))
        {
            problems.Add(At(file, param.Location, workflow, rule, "a scoped parameter needs a Name"));
            return;
        }

        CheckExpression(param.Expression, param.ExpressionLocation, param.Location, $"parameter '{param.Name}'", file, workflow, rule, problems);
    }

    private static void CheckExpression(
        string? text, StringLocation? location, SourceLocation owner, string what, string file, string workflow, string? rule, List<RuleProblem> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            problems.Add(At(file, location?.Start ?? owner, workflow, rule, $"{what} is empty"));
            return;
        }

        try
        {
            ExpressionEngine.Parse(text);
        }
        catch (ExpressionException exception)
        {
            problems.Add(ExpressionProblem(exception, text, location, owner, what, file, workflow, rule));
        }
    }

    /// <summary>
    /// A problem inside an expression string: the file position of the offending character (so editors jump to it), and
    /// the position inside the expression too, which is what a user counting along the string needs.
    /// </summary>
    internal static RuleProblem ExpressionProblem(
        ExpressionException exception, string text, StringLocation? location, SourceLocation owner, string what, string file, string? workflow, string? rule)
    {
        var at = location?.Map(exception.Line, exception.Column) ?? owner;
        var detail = string.IsNullOrEmpty(exception.Detail) ? exception.Message : exception.Detail;
        return At(file, at, workflow, rule, $"{what} `{text}` at expression {exception.Line}:{exception.Column}: {detail}");
    }

    private static RuleProblem At(string file, SourceLocation location, string? workflow, string? rule, string message) =>
        new(file, location.Line, location.Column, workflow, rule, message);
}
