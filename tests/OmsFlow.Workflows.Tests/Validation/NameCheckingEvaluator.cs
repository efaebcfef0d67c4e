using System.Text.Json.Nodes;
using OmsFlow.Workflows.Expressions;

namespace OmsFlow.Workflows.Tests.Validation;

/// <summary>
/// A stand-in for the expression language that only checks what the validator relies on: unknown top-level names
/// and unbalanced brackets, with 1-based line:column inside the expression.
/// </summary>
public sealed class NameCheckingEvaluator : IExpressionEvaluator
{
    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase) { "true", "false", "null", "and", "or", "not" };

    public JsonNode? Evaluate(string expression, IReadOnlyDictionary<string, JsonNode?> scope)
        => throw new NotSupportedException("These tests only check expressions; the engine's tests evaluate them.");

    public IReadOnlyList<ExpressionProblem> Check(string expression, IReadOnlyCollection<string> knownNames)
    {
        var problems = new List<ExpressionProblem>();
        var lambdaParameters = new HashSet<string>(StringComparer.Ordinal);
        var open = new Stack<(char Bracket, int Line, int Column)>();
        int line = 1, column = 1;
        for (var i = 0; i < expression.Length; i++, column++)
        {
            var c = expression[i];
            if (c == '\n')
            {
                line++;
                column = 0;
                continue;
            }
            if (c is '"' or '\'')
            {
                var end = expression.IndexOf(c, i + 1);
                var length = (end < 0 ? expression.Length : end) - i;
                i += length;
                column += length;
                continue;
            }
            if (c is '(' or '[')
            {
                open.Push((c, line, column));
                continue;
            }
            if (c is ')' or ']')
            {
                if (!open.TryPop(out _))
                {
                    problems.Add(new ExpressionProblem($"'{c}' closes nothing", line, column));
                }
                continue;
            }
            if (!char.IsLetter(c) && c != '_')
            {
                continue;
            }
            var start = i;
            while (i + 1 < expression.Length && (char.IsLetterOrDigit(expression[i + 1]) || expression[i + 1] == '_'))
            {
                i++;
            }
            var name = expression[start..(i + 1)];
            var startColumn = column;
            column += i - start;
            var rest = expression[(i + 1)..].TrimStart();
            var member = start > 0 && expression[start - 1] == '.';
            if (rest.StartsWith("=>", StringComparison.Ordinal))
            {
                lambdaParameters.Add(name);
            }
            else if (!member && !rest.StartsWith('(') && !Keywords.Contains(name) && !lambdaParameters.Contains(name) && !knownNames.Contains(name))
            {
                problems.Add(new ExpressionProblem($"'{name}' is not defined here", line, startColumn));
            }
        }
        foreach (var (bracket, openLine, openColumn) in open)
        {
            problems.Add(new ExpressionProblem($"'{bracket}' is never closed", openLine, openColumn));
        }
        return problems;
    }
}
