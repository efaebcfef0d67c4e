using System.Text.Json;
using System.Text.Json.Serialization;

namespace OmsFlow.Rules.Model;

/// <summary>A RulesEngine workflow: a named list of rules with shared global parameters.</summary>
public sealed class Workflow
{
    public string WorkflowName { get; set; } = string.Empty;

    /// <summary>Workflows whose global parameters and rules are appended to this one's.</summary>
    public List<string>? WorkflowsToInject { get; set; }

    public RuleExpressionType RuleExpressionType { get; set; }

    /// <summary>Parameters computed once per execution, visible to every rule.</summary>
    public List<ScopedParam>? GlobalParams { get; set; }

    public List<Rule> Rules { get; set; } = [];

    /// <summary>Where the workflow object starts in its file (unknown for workflows built in code).</summary>
    internal Loading.SourceLocation Location { get; init; }
}

/// <summary>One rule: an expression, or nested rules combined with <see cref="Operator"/>.</summary>
public sealed class Rule
{
    public string RuleName { get; set; } = string.Empty;

    public Dictionary<string, JsonElement>? Properties { get; set; }

    /// <summary>And/AndAlso or Or/OrElse, combining <see cref="Rules"/>.</summary>
    public string? Operator { get; set; }

    /// <summary>Shown for a failed rule; <c>$(name)</c> and <c>$(name.member)</c> are replaced by input values.</summary>
    public string? ErrorMessage { get; set; }

    public bool Enabled { get; set; } = true;

    public RuleExpressionType RuleExpressionType { get; set; }

    public List<string>? WorkflowsToInject { get; set; }

    public List<Rule>? Rules { get; set; }

    /// <summary>Parameters computed for this rule (and its nested rules) from the inputs and global parameters.</summary>
    public List<ScopedParam>? LocalParams { get; set; }

    public string? Expression { get; set; }

    public RuleActions? Actions { get; set; }

    public string? SuccessEvent { get; set; }

    /// <summary>OmsFlow extension: higher priorities are evaluated first in <see cref="Execution.EvaluationMode.Priority"/> mode.</summary>
    public int Priority { get; set; }

    /// <summary>The error type RulesEngine files carry (Warning or Error); kept for round-tripping.</summary>
    public string? ErrorType { get; set; }

    [JsonIgnore]
    internal bool IsNested => Rules is { Count: > 0 };

    /// <summary>Where the rule object starts in its file (unknown for rules built in code).</summary>
    internal Loading.SourceLocation Location { get; init; }

    /// <summary>Where the Expression string sits in its file, to point problems at the exact column.</summary>
    internal Loading.StringLocation? ExpressionLocation { get; set; }
}

/// <summary>A named expression whose value becomes an input of later expressions.</summary>
public sealed class ScopedParam
{
    public string Name { get; set; } = string.Empty;

    public string Expression { get; set; } = string.Empty;

    /// <summary>Where the parameter object starts in its file (unknown for parameters built in code).</summary>
    internal Loading.SourceLocation Location { get; init; }

    /// <summary>Where the Expression string sits in its file.</summary>
    internal Loading.StringLocation? ExpressionLocation { get; set; }
}

/// <summary>Actions run after a rule is evaluated.</summary>
public sealed class RuleActions
{
    public ActionInfo? OnSuccess { get; set; }

    public ActionInfo? OnFailure { get; set; }
}

/// <summary>An action by name (OutputExpression, EvaluateRule or a custom action) and its context values.</summary>
public sealed class ActionInfo
{
    public string Name { get; set; } = string.Empty;

    public Dictionary<string, JsonElement>? Context { get; set; }
}

/// <summary>RulesEngine's expression type; only lambda expressions exist.</summary>
public enum RuleExpressionType
{
    LambdaExpression = 0,
}
