using OmsFlow.Expressions;
using OmsFlow.Rules.Model;

namespace OmsFlow.Rules.Execution;

public sealed partial class RuleSet
{
    private CompiledWorkflow Compile(Workflow workflow, List<ExpressionParameter> inputs)
    {
        var (globalParams, rules) = Expand(workflow);
        var scope = new List<ExpressionParameter>(inputs);
        var globals = new List<CompiledParam>();
        string? globalsError = null;
        if (Settings.EnableScopedParams)
        {
            foreach (var param in globalParams)
            {
                try
                {
                    var expression = _engine.Compile(param.Expression, scope);
                    globals.Add(new CompiledParam(param.Name, expression));
                    scope.Add(new ExpressionParameter(param.Name, expression.ResultType));
                }
                catch (ExpressionException exception)
                {
                    globalsError = $"global parameter '{param.Name}': {exception.Message}";
                    break;
                }
            }
        }

        var maxSlots = scope.Count;
        var compiledRules = rules.Where(r => r.Enabled).Select(r => CompileRule(r, scope, ref maxSlots)).ToList();
        return new CompiledWorkflow
        {
            Workflow = workflow,
            Inputs = inputs,
            Globals = globals,
            GlobalsError = globalsError,
            Rules = compiledRules,
            SlotCount = maxSlots,
        };
    }

    /// <summary>The workflow's global parameters and rules followed by those of the workflows it injects (once each).</summary>
    private (List<ScopedParam> Globals, List<Rule> Rules) Expand(Workflow workflow)
    {
        var globals = new List<ScopedParam>(workflow.GlobalParams ?? []);
        var rules = new List<Rule>(workflow.Rules);
        var seen = new HashSet<string>(StringComparer.Ordinal) { workflow.WorkflowName };
        var pending = new Queue<string>(workflow.WorkflowsToInject ?? []);
        while (pending.TryDequeue(out var name))
        {
            var injected = FindWorkflow(name);
            if (injected is null || !seen.Add(injected.WorkflowName))
            {
                continue;
            }

            globals.AddRange(injected.GlobalParams ?? []);
            rules.AddRange(injected.Rules);
            foreach (var next in injected.WorkflowsToInject ?? [])
            {
                pending.Enqueue(next);
            }
        }

        return (globals, rules);
    }

    private CompiledRule CompileRule(Rule rule, List<ExpressionParameter> parentScope, ref int maxSlots)
    {
        var scope = new List<ExpressionParameter>(parentScope);
        var locals = new List<CompiledParam>();
        if (Settings.EnableScopedParams)
        {
            foreach (var param in rule.LocalParams ?? [])
            {
                try
                {
                    var expression = _engine.Compile(param.Expression, scope);
                    locals.Add(new CompiledParam(param.Name, expression));
                    scope.Add(new ExpressionParameter(param.Name, expression.ResultType));
                }
                catch (ExpressionException exception)
                {
                    return Failed(rule, parentScope, $"Error while compiling rule `{rule.RuleName}`: local parameter '{param.Name}': {exception.Message}", exception);
                }
            }
        }

        maxSlots = Math.Max(maxSlots, scope.Count);
        if (rule.IsNested)
        {
            var op = rule.Operator?.Trim().ToUpperInvariant();
            if (op is not ("AND" or "ANDALSO" or "OR" or "ORELSE"))
            {
                return Failed(rule, parentScope, $"Error while compiling rule `{rule.RuleName}`: operator '{rule.Operator}' is not And, AndAlso, Or or OrElse", null);
            }

            var slots = maxSlots;
            var children = rule.Rules!.Where(r => r.Enabled).Select(r => CompileRule(r, scope, ref slots)).ToList();
            maxSlots = slots;
            return new CompiledRule
            {
                Rule = rule,
                Scope = scope,
                LocalsStart = parentScope.Count,
                Locals = locals,
                Children = children,
                IsOr = op is "OR" or "ORELSE",
            };
        }

        try
        {
            if (string.IsNullOrWhiteSpace(rule.Expression))
            {
                throw new ExpressionException(ExpressionErrorKind.Parse, "the rule has no Expression and no nested Rules", 1, 1);
            }

            return new CompiledRule
            {
                Rule = rule,
                Scope = scope,
                LocalsStart = parentScope.Count,
                Locals = locals,
                Condition = _engine.CompileCondition(rule.Expression, scope),
            };
        }
        catch (ExpressionException exception)
        {
            return Failed(rule, parentScope, $"Exception while parsing expression `{rule.Expression}` - {exception.Message}", exception);
        }
    }

    private static CompiledRule Failed(Rule rule, List<ExpressionParameter> scope, string message, Exception? exception) => new()
    {
        Rule = rule,
        Scope = scope,
        LocalsStart = scope.Count,
        CompileError = message,
        CompileException = exception,
    };
}
