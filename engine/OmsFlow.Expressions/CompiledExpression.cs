using OmsFlow.Expressions.Syntax;

namespace OmsFlow.Expressions;

/// <summary>An expression compiled to a delegate for one set of input names and types; thread-safe and reusable.</summary>
public sealed class CompiledExpression
{
    private readonly Func<object?[], object?> _evaluate;

    internal CompiledExpression(string text, SyntaxNode syntax, IReadOnlyList<ExpressionParameter> parameters, Type resultType, Func<object?[], object?> evaluate)
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

    /// <summary>Evaluates with one argument per parameter, in parameter order.</summary>
    /// <exception cref="ExpressionException">Evaluation failed; the message names line:column where known.</exception>
    public object? Evaluate(params object?[] arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (arguments.Length != Parameters.Count)
        {
            throw new ArgumentException($"'{Text}' takes {Parameters.Count} argument(s) but got {arguments.Length}", nameof(arguments));
        }

        try
        {
            return _evaluate(arguments);
        }
        catch (Exception exception) when (exception is not ExpressionException)
        {
            throw ExpressionEngine.WrapRuntime(exception);
        }
    }
}

/// <summary>A condition compiled to a delegate returning <see cref="bool"/>; non-boolean results are tested at run time.</summary>
public sealed class CompiledCondition
{
    private readonly Func<object?[], bool> _evaluate;

    internal CompiledCondition(string text, SyntaxNode syntax, IReadOnlyList<ExpressionParameter> parameters, Func<object?[], bool> evaluate)
    {
        Text = text;
        Syntax = syntax;
        Parameters = parameters;
        _evaluate = evaluate;
    }

    public string Text { get; }

    public SyntaxNode Syntax { get; }

    public IReadOnlyList<ExpressionParameter> Parameters { get; }

    /// <summary>Evaluates with one argument per parameter, in parameter order.</summary>
    /// <exception cref="ExpressionException">Evaluation failed; the message names line:column where known.</exception>
    public bool Evaluate(params object?[] arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (arguments.Length != Parameters.Count)
        {
            throw new ArgumentException($"'{Text}' takes {Parameters.Count} argument(s) but got {arguments.Length}", nameof(arguments));
        }

        try
        {
            return _evaluate(arguments);
        }
        catch (Exception exception) when (exception is not ExpressionException)
        {
            throw ExpressionEngine.WrapRuntime(exception);
        }
    }
}
