using System.Text.Json;
using OmsFlow.Expressions;
using OmsFlow.Expressions.Syntax;
using OmsFlow.Rules.Actions;

namespace OmsFlow.Rules.Execution;

public sealed partial class RuleSet
{
    /// <summary>
    /// Executes one rule and runs its OnSuccess or OnFailure action (RulesEngine's ExecuteActionWorkflowAsync).
    /// </summary>
    /// <exception cref="ArgumentException">No workflow or rule has that name.</exception>
    public ActionRuleResult ExecuteActionWorkflow(string workflowName, string ruleName, params RuleParameter[] inputs)
    {
        ArgumentNullException.ThrowIfNull(workflowName);
        ArgumentNullException.ThrowIfNull(ruleName);
        ArgumentNullException.ThrowIfNull(inputs);
        var compiled = GetCompiled(workflowName, inputs);
        var rule = compiled.FindRule(ruleName)
            ?? throw new ArgumentException(
                $"rule '{ruleName}' not found in workflow '{workflowName}'; rules: {string.Join(", ", compiled.Rules.Select(r => r.Rule.RuleName))}",
                nameof(ruleName));
        var run = new Run(compiled, inputs);
        var result = ExecuteTopWithoutActions(run, rule);
        var action = RunAction(result);
        result.ActionResult = action;
        return new ActionRuleResult { Output = action?.Output, Exception = action?.Exception, Results = [result] };
    }

    private RuleResultTree ExecuteTopWithoutActions(Run run, CompiledRule rule)
    {
        var result = ExecuteRule(run, rule);
        if (!result.IsSuccess && result.Outcome == RuleOutcome.BusinessFailure && Settings.EnableFormattedErrorMessage
            && rule.Rule.ErrorMessage is not null && result.ExceptionMessage.Length == 0)
        {
            result.ExceptionMessage = ErrorMessageFormatter.Format(rule.Rule.ErrorMessage, result.Inputs);
        }

        return result;
    }

    private ActionResult? RunAction(RuleResultTree result)
    {
        var info = result.IsSuccess ? result.Rule.Actions?.OnSuccess : result.Rule.Actions?.OnFailure;
        if (info is null)
        {
            return null;
        }

        var parameters = result.Inputs.Select(pair => new RuleParameter(pair.Key, pair.Value)).ToList();
        var context = new ActionContext(info.Context ?? [], result);
        try
        {
            if (string.Equals(info.Name, "EvaluateRule", StringComparison.OrdinalIgnoreCase))
            {
                var nested = EvaluateRule(context, parameters);
                return new ActionResult { Output = nested.Output, Exception = nested.Exception };
            }

            var output = info.Name.ToUpperInvariant() switch
            {
                "OUTPUTEXPRESSION" => OutputExpression(context, parameters),
                _ when Settings.CustomActions.TryGetValue(info.Name, out var factory) => factory().Run(context, parameters),
                _ => throw new InvalidOperationException(
                    $"unknown action '{info.Name}'; use OutputExpression, EvaluateRule or register it in ReSettings.CustomActions"),
            };
            return new ActionResult { Output = output };
        }
        catch (Exception exception) when (exception is ExpressionException or InvalidOperationException or ArgumentException or JsonException or RuleEvaluationException)
        {
            return new ActionResult { Exception = exception };
        }
    }

    private object? OutputExpression(ActionContext context, List<RuleParameter> parameters)
    {
        var text = context.GetContext<string>("expression");
        var compiled = _engine.Compile(text, parameters.Select(p => new ExpressionParameter(p.Name, p.Type)).ToList());
        return compiled.Evaluate(parameters.Select(p => p.Value).ToArray());
    }

    private ActionRuleResult EvaluateRule(ActionContext context, List<RuleParameter> parameters)
    {
        var workflowName = context.GetContext<string>("workflowName");
        var ruleName = context.GetContext<string>("ruleName");
        var filtered = parameters;
        if (context.Has("inputFilter"))
        {
            var filter = context.GetContext<string[]>("inputFilter");
            filtered = parameters.Where(p => filter.Contains(p.Name, StringComparer.OrdinalIgnoreCase)).ToList();
        }

        if (context.Has("additionalInputs"))
        {
            var additional = context.GetContext<List<AdditionalInput>>("additionalInputs");
            var signature = parameters.Select(p => new ExpressionParameter(p.Name, p.Type)).ToList();
            var values = parameters.Select(p => p.Value).ToArray();
            foreach (var input in additional)
            {
                filtered.Add(new RuleParameter(input.Name, _engine.Compile(input.Expression, signature).Evaluate(values)));
            }
        }

        return ExecuteActionWorkflow(workflowName, ruleName, [.. filtered]);
    }

    private sealed record AdditionalInput(string Name, string Expression);

    /// <summary>For a failed condition <c>a &amp;&amp; b &amp;&amp; c</c>, names the first part that was false.</summary>
    private string? Explain(CompiledRule rule, IReadOnlyDictionary<string, object?> inputs)
    {
        var values = rule.Scope.Select(p => inputs.GetValueOrDefault(p.Name)).ToArray();
        if (rule.Condition is null)
        {
            return rule.Children is null ? null : "nested rules failed: " + string.Join(", ", rule.Children.Select(c => c.Rule.RuleName));
        }

        var parts = new List<SyntaxNode>();
        Flatten(rule.Condition.Syntax, parts);
        if (parts.Count < 2)
        {
            return null;
        }

        foreach (var part in parts)
        {
            try
            {
                var text = SyntaxPrinter.Print(part);
                if (!_engine.CompileCondition(text, rule.Scope).Evaluate(values))
                {
                    return $"`{text}` (at {StartOf(part)}) was false";
                }
            }
            catch (ExpressionException)
            {
                return null;
            }
        }

        return null;

        static TextPosition StartOf(SyntaxNode node) => node switch
        {
            MemberNode member => StartOf(member.Target),
            CallNode { Target: { } target } => StartOf(target),
            IndexNode index => StartOf(index.Target),
            BinaryNode binary => StartOf(binary.Left),
            InNode inNode => StartOf(inNode.Value),
            ConditionalNode conditional => StartOf(conditional.Test),
            _ => node.Position,
        };

        static void Flatten(SyntaxNode node, List<SyntaxNode> parts)
        {
            if (node is BinaryNode { Operator: BinaryOperator.AndAlso } and)
            {
                Flatten(and.Left, parts);
                Flatten(and.Right, parts);
            }
            else
            {
                parts.Add(node);
            }
        }
    }
}
