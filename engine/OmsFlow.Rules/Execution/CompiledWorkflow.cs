using OmsFlow.Expressions;
using OmsFlow.Rules.Model;

namespace OmsFlow.Rules.Execution;

/// <summary>A workflow compiled for one set of input names and types. Values live in one slot array per run:
/// inputs, then global parameters, then the local parameters of the rule being evaluated (and its parents).</summary>
/// <remarks>Fields rather than properties, here and in <see cref="CompiledRule"/>: these are built once and read by
/// every execution, and a process's first execution would otherwise JIT two dozen trivial accessors.</remarks>
internal sealed class CompiledWorkflow
{
    public required Workflow Workflow;

    public required IReadOnlyList<ExpressionParameter> Inputs;

    public required IReadOnlyList<CompiledParam> Globals;

    /// <summary>Set when a global parameter failed to compile; every rule then reports it.</summary>
    public string? GlobalsError;

    public required IReadOnlyList<CompiledRule> Rules;

    public int SlotCount;

    public CompiledRule? FindRule(string name) =>
        Rules.FirstOrDefault(r => r.Rule.RuleName == name)
        ?? Rules.FirstOrDefault(r => string.Equals(r.Rule.RuleName, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>A global or local parameter and the expression computing it.</summary>
internal sealed record CompiledParam(string Name, CompiledExpression Expression);

/// <summary>One rule compiled: its local parameters, its condition or nested rules, and any compile error.</summary>
internal sealed class CompiledRule
{
    public required Rule Rule;

    /// <summary>Every name visible to the rule's expression, in slot order.</summary>
    public required IReadOnlyList<ExpressionParameter> Scope;

    /// <summary>The slot of the first local parameter.</summary>
    public int LocalsStart;

    public IReadOnlyList<CompiledParam> Locals = [];

    public CompiledCondition? Condition;

    public IReadOnlyList<CompiledRule>? Children;

    public bool IsOr;

    /// <summary>The RulesEngine-style message when the rule cannot run.</summary>
    public string? CompileError;

    public Exception? CompileException;
}
