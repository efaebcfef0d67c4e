using OmsFlow.Expressions;
using OmsFlow.Expressions.Runtime;

namespace OmsFlow.Rules.Execution;

public sealed partial class RuleSet
{
    /// <summary>Executes every enabled rule of the workflow (RulesEngine's ExecuteAllRulesAsync), running actions when enabled.</summary>
    /// <exception cref="ArgumentException">No workflow has that name.</exception>
    /// <exception cref="RuleEvaluationException">A rule failed while <see cref="ReSettings.EnableExceptionAsErrorMessage"/> is false.</exception>
    public List<RuleResultTree> Execute(string workflowName, params RuleParameter[] inputs) =>
        Execute(workflowName, EvaluationMode.All, inputs);

    /// <summary>Executes the workflow's rules in <paramref name="mode"/>: all, first match, or by priority until one succeeds.</summary>
    public List<RuleResultTree> Execute(string workflowName, EvaluationMode mode, params RuleParameter[] inputs)
    {
        ArgumentNullException.ThrowIfNull(workflowName);
        ArgumentNullException.ThrowIfNull(inputs);
        var compiled = GetCompiled(workflowName, inputs);
        var run = new Run(compiled, inputs);
        var rules = mode == EvaluationMode.Priority
            ? compiled.Rules.Select((rule, index) => (rule, index)).OrderByDescending(r => r.rule.Rule.Priority).ThenBy(r => r.index).Select(r => r.rule)
            : compiled.Rules;
        var results = new List<RuleResultTree>(compiled.Rules.Count);
        foreach (var rule in rules)
        {
            var result = ExecuteTop(run, rule);
            results.Add(result);
            if (mode != EvaluationMode.All && result.IsSuccess)
            {
                break;
            }
        }

        return results;
    }

    /// <summary>RulesEngine-compatible name for <see cref="Execute(string, RuleParameter[])"/>.</summary>
    public ValueTask<List<RuleResultTree>> ExecuteAllRulesAsync(string workflowName, params RuleParameter[] inputs) =>
        ValueTask.FromResult(Execute(workflowName, inputs));

    private RuleResultTree ExecuteTop(Run run, CompiledRule rule)
    {
        var result = ExecuteRule(run, rule);
        if (!result.IsSuccess && result.Outcome == RuleOutcome.BusinessFailure)
        {
            if (Settings.EnableFormattedErrorMessage && rule.Rule.ErrorMessage is not null && result.ExceptionMessage.Length == 0)
            {
                result.ExceptionMessage = ErrorMessageFormatter.Format(rule.Rule.ErrorMessage, result.Inputs);
            }

            result.ExplanationFactory = () => Explain(rule, result.Inputs);
        }

        if (Settings.AutoExecuteActions && rule.Rule.Actions is not null)
        {
            result.ActionResult = RunAction(result);
        }

        return result;
    }

    private RuleResultTree ExecuteRule(Run run, CompiledRule rule)
    {
        if (rule.CompileError is not null)
        {
            return Error(run, rule, rule.CompileError, rule.CompileException);
        }

        if (run.Workflow.GlobalsError is not null)
        {
            return Error(run, rule, $"Error while compiling rule `{rule.Rule.RuleName}`: {run.Workflow.GlobalsError}", null);
        }

        if (run.GlobalsException is not null)
        {
            return Error(run, rule, $"Error while executing scoped params for rule `{rule.Rule.RuleName}` - {run.GlobalsException.Message}", run.GlobalsException);
        }

        for (var i = 0; i < rule.Locals.Count; i++)
        {
            try
            {
                run.Values[rule.LocalsStart + i] = rule.Locals[i].Expression.Evaluate(run.Values);
            }
            catch (ExpressionException exception)
            {
                return Error(run, rule, $"Error while executing scoped params for rule `{rule.Rule.RuleName}` - {exception.Message}", exception);
            }
        }

        var result = new RuleResultTree { Rule = rule.Rule, Inputs = run.InputsFor(rule) };
        if (rule.Children is not null)
        {
            result.ChildResults = new List<RuleResultTree>(rule.Children.Count);
            var success = !rule.IsOr;
            foreach (var child in rule.Children)
            {
                var childResult = ExecuteRule(run, child);
                result.ChildResults.Add(childResult);
                success = rule.IsOr ? success || childResult.IsSuccess : success && childResult.IsSuccess;
                if (Settings.NestedRuleExecutionMode == NestedRuleExecutionMode.Performance && success == rule.IsOr)
                {
                    break;
                }
            }

            result.IsSuccess = success;
        }
        else
        {
            try
            {
                result.IsSuccess = rule.Condition!.Evaluate(run.Values);
            }
            catch (ExpressionException exception)
            {
                return Error(run, rule, $"Error while executing rule : {rule.Rule.RuleName} - {exception.Message}", exception);
            }
        }

        result.Outcome = result.IsSuccess ? RuleOutcome.Success : RuleOutcome.BusinessFailure;
        return result;
    }

    private RuleResultTree Error(Run run, CompiledRule rule, string message, Exception? exception)
    {
        if (!Settings.EnableExceptionAsErrorMessage)
        {
            throw exception is null ? new RuleEvaluationException(message) : new RuleEvaluationException(message, exception);
        }

        return new RuleResultTree
        {
            Rule = rule.Rule,
            IsSuccess = false,
            Inputs = run.InputsFor(rule),
            ExceptionMessage = Settings.IgnoreException ? string.Empty : message,
            Outcome = RuleOutcome.SystemError,
        };
    }

    /// <summary>The state of one execution: the value slots and the shared inputs dictionary.</summary>
    private sealed class Run
    {
        private Dictionary<string, object?>? _sharedInputs;

        private readonly IReadOnlyList<RuleParameter> _inputs;

        public Run(CompiledWorkflow workflow, IReadOnlyList<RuleParameter> inputs)
        {
            Workflow = workflow;
            _inputs = inputs;
            Values = new object?[Math.Max(workflow.SlotCount, inputs.Count)];
            for (var i = 0; i < inputs.Count; i++)
            {
                // JSON objects are read through a per-run view so each member is converted once for all rules.
                Values[i] = JsonObjectView.Wrap(inputs[i].Value);
            }

            for (var i = 0; i < workflow.Globals.Count; i++)
            {
                try
                {
                    Values[inputs.Count + i] = workflow.Globals[i].Expression.Evaluate(Values);
                }
                catch (ExpressionException exception)
                {
                    GlobalsException = exception;
                    break;
                }
            }
        }

        public CompiledWorkflow Workflow { get; }

        public object?[] Values { get; }

        public ExpressionException? GlobalsException { get; }

        public Dictionary<string, object?> InputsFor(CompiledRule rule)
        {
            var count = rule.Scope.Count;
            if (count == Workflow.Inputs.Count + Workflow.Globals.Count)
            {
                return _sharedInputs ??= Snapshot(rule, count);
            }

            return Snapshot(rule, count);
        }

        private Dictionary<string, object?> Snapshot(CompiledRule rule, int count)
        {
            var inputs = new Dictionary<string, object?>(count, StringComparer.Ordinal);
            for (var i = 0; i < count && i < Values.Length; i++)
            {
                inputs[rule.Scope[i].Name] = i < _inputs.Count ? _inputs[i].Value : Values[i];
            }

            return inputs;
        }
    }
}
