using System.Text.Json.Nodes;

namespace OmsFlow.Workflows.Expressions;

/// <summary>
/// Evaluates the <c>=expressions</c> of workflow inputs, conditions and outputs.
/// The engine depends only on this interface; the expression language of OmsFlow.Expressions implements it.
/// </summary>
public interface IExpressionEvaluator
{
    /// <summary>Evaluates <paramref name="expression"/> (without its leading '=') against the named values of <paramref name="scope"/>.</summary>
    /// <exception cref="ExpressionEvaluationException">The expression does not parse, names something unknown, or throws.</exception>
    JsonNode? Evaluate(string expression, IReadOnlyDictionary<string, JsonNode?> scope);

    /// <summary>Parses <paramref name="expression"/> and checks that the top-level names it uses are among <paramref name="knownNames"/>, without evaluating it.</summary>
    IReadOnlyList<ExpressionProblem> Check(string expression, IReadOnlyCollection<string> knownNames);
}

/// <summary>A problem in an expression; line and column are 1-based within the expression text.</summary>
public sealed record ExpressionProblem(string Message, int Line, int Column);

/// <summary>An expression failed to evaluate; the message names the expression and what went wrong.</summary>
public sealed class ExpressionEvaluationException : Exception
{
    public ExpressionEvaluationException()
    {
    }

    public ExpressionEvaluationException(string message)
        : base(message)
    {
    }

    public ExpressionEvaluationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
