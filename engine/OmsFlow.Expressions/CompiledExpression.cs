using OmsFlow.Expressions.Runtime;
using OmsFlow.Expressions.Syntax;

namespace OmsFlow.Expressions;

/// <summary>An expression compiled to a delegate for one set of input names and types; thread-safe and reusable.</summary>
public sealed class CompiledExpression
{
    private readonly TieredDelegate<object?> _evaluate;

    internal CompiledExpression(string text, SyntaxNode syntax, IReadOnlyList<ExpressionParameter> parameters, Type resultType, TieredDelegate<object?> evaluate)
    {
        Text = text;
        Syntax = syntax;
        Parameters = parameters;
        ResultType = resultType;
        _evaluate = evaluate;
    }

    public string Text { get; }

    /// <summary>The parsed tree, for tools that explain or analyse the expression.</summary>
    public SyntaxNode Syntax { get; }

    public IReadOnlyList<ExpressionParameter> Parameters { get; }

    /// <summary>The static result type; <see cref="object"/> when it depends on JSON inputs.</summary>
    public Type ResultType { get; }

    /// <summary>Evaluates with one argument per parameter, in parameter order (extra trailing arguments are ignored).</summary>
    /// <exception cref="ExpressionException">Evaluation failed; the message names line:column where known.</exception>
    public object? Evaluate(params object?[] arguments)
    {
        return _evaluate.Invoke(Text, Parameters.Count, arguments);
    }
}

/// <summary>A condition compiled to a delegate returning <see cref="bool"/>; non-boolean results are tested at run time.</summary>
public sealed class CompiledCondition
{
    private readonly TieredDelegate<bool> _evaluate;

    internal CompiledCondition(string text, SyntaxNode syntax, IReadOnlyList<ExpressionParameter> parameters, TieredDelegate<bool> evaluate)
    {
        Text = text;
        Syntax = syntax;
        Parameters = parameters;
        _evaluate = evaluate;
    }

    public string Text { get; }

    public SyntaxNode Syntax { get; }

    public IReadOnlyList<ExpressionParameter> Parameters { get; }

    /// <summary>Evaluates with one argument per parameter, in parameter order (extra trailing arguments are ignored).</summary>
    /// <exception cref="ExpressionException">Evaluation failed; the message names line:column where known.</exception>
    public bool Evaluate(params object?[] arguments)
    {
        return _evaluate.Invoke(Text, Parameters.Count, arguments);
    }
}
