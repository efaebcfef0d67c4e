using OmsFlow.Rules.Model;

namespace OmsFlow.Rules.Execution;

/// <summary>Why a rule did not succeed: a business outcome (the condition was false) or a system error.</summary>
public enum RuleOutcome
{
    Success,

    /// <summary>The rule evaluated and its condition was false.</summary>
    BusinessFailure,

    /// <summary>The rule could not be compiled or evaluated (its ExceptionMessage says why).</summary>
    SystemError,
}

/// <summary>The result of one rule, with the same shape as RulesEngine's RuleResultTree.</summary>
public sealed class RuleResultTree
{
    public required Rule Rule { get; init; }

    public bool IsSuccess { get; set; }

    /// <summary>Results of nested rules; null for rules without nested rules.</summary>
    public List<RuleResultTree>? ChildResults { get; set; }

    /// <summary>The inputs and scoped parameters the rule saw, by name.</summary>
    public IReadOnlyDictionary<string, object?> Inputs { get; set; } = new Dictionary<string, object?>();

    public ActionResult? ActionResult { get; set; }

    /// <summary>The error text, or the formatted ErrorMessage of a failed rule; empty when none.</summary>
    public string ExceptionMessage { get; set; } = string.Empty;

    /// <summary>OmsFlow extension: business failure kept apart from system error.</summary>
    public RuleOutcome Outcome { get; set; }

    /// <summary>OmsFlow extension: for a failed rule, the first part of its condition that was false (or null when not explainable).</summary>
    /// <remarks>Computed on first read, so executions that never ask pay nothing.</remarks>
    public string? Explanation => _explanation ??= ExplanationFactory?.Invoke();

    internal Func<string?>? ExplanationFactory { get; set; }

    private string? _explanation;
}

/// <summary>The result of a rule's action: its output, or the exception it threw.</summary>
public sealed class ActionResult
{
    public object? Output { get; set; }

    public Exception? Exception { get; set; }
}

/// <summary>The result of ExecuteActionWorkflow: the action's output or exception, and the rule results that led to it.</summary>
public sealed class ActionRuleResult
{
    public object? Output { get; set; }

    public Exception? Exception { get; set; }

    public List<RuleResultTree> Results { get; set; } = [];
}

/// <summary>OmsFlow extension: which top-level rules are evaluated.</summary>
public enum EvaluationMode
{
    /// <summary>Every enabled rule, in file order (RulesEngine's behaviour).</summary>
    All,

    /// <summary>Rules in file order until one succeeds.</summary>
    FirstMatch,

    /// <summary>Rules by descending Priority (file order among equals) until one succeeds.</summary>
    Priority,
}
