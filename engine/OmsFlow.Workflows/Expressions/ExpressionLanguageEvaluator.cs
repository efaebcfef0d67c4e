using System.Text.Json.Nodes;
using OmsFlow.Expressions;
using OmsFlow.Expressions.Runtime;
using OmsFlow.Expressions.Syntax;

namespace OmsFlow.Workflows.Expressions;

/// <summary>
/// The workflow engine's <see cref="IExpressionEvaluator"/> backed by the OmsFlow expression language:
/// <c>=order.Total &gt; 100 and order.Lines.Any(l =&gt; l.Qty &gt; 5)</c> over the workflow's JSON variables.
/// </summary>
/// <remarks>
/// Each distinct expression text is compiled once (names are resolved in the scope at run time, so the cache does
/// not depend on the variables' values); evaluation is a dictionary lookup plus the compiled delegate.
/// </remarks>
public sealed class ExpressionLanguageEvaluator : IExpressionEvaluator
{
    private readonly ExpressionEngine _engine;

    public ExpressionLanguageEvaluator()
        : this(new ExpressionEngine())
    {
    }

    public ExpressionLanguageEvaluator(ExpressionEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;
    }

    /// <inheritdoc />
    public JsonNode? Evaluate(string expression, IReadOnlyDictionary<string, JsonNode?> scope)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(scope);
        try
        {
            var compiled = _engine.CompileScoped(expression);
            return DynamicOps.ToJson(compiled.Evaluate(scope));
        }
        catch (ExpressionException exception)
        {
            throw new ExpressionEvaluationException($"expression '{expression}' at {exception.Message}", exception);
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not OutOfMemoryException)
        {
            // The engine's contract: evaluation fails with ExpressionEvaluationException only, so a step faults instead of the caller.
            throw new ExpressionEvaluationException($"expression '{expression}' failed: {exception.GetType().Name}: {exception.Message}", exception);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<ExpressionProblem> Check(string expression, IReadOnlyCollection<string> knownNames)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(knownNames);
        SyntaxNode syntax;
        try
        {
            syntax = ExpressionEngine.Parse(expression);
        }
        catch (ExpressionException exception)
        {
            return [new ExpressionProblem(exception.Detail, exception.Line, exception.Column)];
        }

        var known = new HashSet<string>(knownNames, StringComparer.OrdinalIgnoreCase);
        return FreeNames.Of(syntax, knownNames)
            .Where(identifier => !known.Contains(identifier.Name))
            .Select(identifier => new ExpressionProblem(
                $"unknown name '{identifier.Name}'{Suggestions.Hint(identifier.Name, knownNames)}",
                identifier.Position.Line,
                identifier.Position.Column))
            .ToList();
    }
}
