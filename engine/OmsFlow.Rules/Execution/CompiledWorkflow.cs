using OmsFlow.Expressions;
using OmsFlow.Rules.Model;

namespace OmsFlow.Rules.Execution;

/// <summary>A workflow compiled for one set of input names and types. Values live in one slot array per run:
/// inputs, then global parameters, then the local parameters of the rule being evaluated (and its parents).</summary>
internal sealed class CompiledWorkflow
{
    public required Workflow Workflow { get; init; }

    public required IReadOnlyList<ExpressionParameter> Inputs { get; init; }

    public required IReadOnlyList<CompiledParam> Globals { get; init; }

    /// <summary>Set when a global parameter failed to compile; every rule then reports it.</summary>
    public string? GlobalsError { get; init; }

    public required IReadOnlyList<CompiledRule> Rules { get; init; }

    public int SlotCount { get; init; }

    public CompiledRule? FindRule(string name) =>
        Rules.FirstOrDefault(r => r.Rule.RuleName == name)
        ?? Rules.FirstOrDefault(r => string.Equals(r.Rule.RuleName, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>A global or local parameter and the expression computing it.</summary>
internal sealed record CompiledParam(string Name, CompiledExpression Expression);

/// <summary>One rule compiled: its local parameters, its condition or nested rules, and any compile error.</summary>
internal sealed class CompiledRule
{
    public required Rule Rule { get; init; }

    /// <summary>Every name visible to the rule's expression, in slot order.</summary>
    public required IReadOnlyList<ExpressionParameter> Scope { get; init; }

    /// <summary>The slot of the first local parameter.</summary>
    public int LocalsStart { get; init; }

    public IReadOnlyList<CompiledParam> Locals { get; init; } = [];

    public CompiledCondition? Condition { get; init; }

    public IReadOnlyList<CompiledRule>? Children { get; init; }

    public bool IsOr { get; init; }

    /// <summary>The RulesEngine-style message when the rule cannot run.</summary>
    public string? CompileError { get; init; }

    public Exception? CompileException { get; init; }
}
