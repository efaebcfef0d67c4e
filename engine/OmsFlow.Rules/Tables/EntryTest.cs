using System.Globalization;
using OmsFlow.Expressions;
using OmsFlow.Expressions.Syntax;

namespace OmsFlow.Rules.Tables;

/// <summary>
/// One input entry (cell) of a row: <c>-</c> (any), <c>&gt; 100</c>, <c>[10..50)</c>, <c>"VIP","Gold"</c>,
/// <c>not("DE")</c> or any boolean expression over the table's inputs. Numeric ranges and literal lists are also
/// kept in analysable form so validation can find overlaps and gaps.
/// </summary>
internal sealed record EntryTest(string Text, string? Condition, Interval? Range, IReadOnlyList<object?>? Values, bool Negated)
{
    public bool IsAny => Condition is null;

    /// <summary>Whether the entry can be compared with others (any, a numeric range or a literal list).</summary>
    public bool IsAnalysable => IsAny || Range is not null || Values is not null;

    /// <summary>Parses a cell; <paramref name="column"/> is the input name the entry tests.</summary>
    /// <exception cref="ExpressionException">The cell is not valid; the position is within the cell text.</exception>
    public static EntryTest Parse(string text, string column)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0 || trimmed == "-")
        {
            return new EntryTest(text, null, null, null, false);
        }

        if (trimmed.StartsWith("not(", StringComparison.OrdinalIgnoreCase) && trimmed.EndsWith(')'))
        {
            var inner = Parse(trimmed[4..^1], column);
            if (inner.IsAny)
            {
                throw new ExpressionException(ExpressionErrorKind.Parse, "not(-) matches nothing; remove the row or write a value inside not(...)", 1, 1);
            }

            return new EntryTest(text, $"!({inner.Condition})", null, inner.Values, !inner.Negated);
        }

        if (trimmed[0] is '[' or '(' && trimmed[^1] is ']' or ')' && trimmed.Contains("..", StringComparison.Ordinal))
        {
            return ParseRange(text, trimmed, column);
        }

        foreach (var op in new[] { ">=", "<=", "!=", ">", "<", "=" })
        {
            if (trimmed.StartsWith(op, StringComparison.Ordinal))
            {
                var operand = trimmed[op.Length..];
                var value = Literal(ExpressionEngine.Parse(operand));
                var symbol = op == "=" ? "==" : op;
                var interval = op != "!=" && value is not null && IsNumber(value) ? Interval.FromComparison(op, Convert.ToDouble(value, CultureInfo.InvariantCulture)) : null;
                var values = op == "=" && value is not null ? new[] { value } : null;
                return new EntryTest(text, $"{column} {symbol} ({operand})", interval, values, false);
            }
        }

        var items = SplitList(trimmed);
        var literals = new List<object?>();
        foreach (var item in items)
        {
            var node = ExpressionEngine.Parse(item);
            if (node is not LiteralNode literal)
            {
                // Not a list of values: the whole cell is a condition of its own over the inputs.
                ExpressionEngine.Parse(trimmed);
                return new EntryTest(text, trimmed, null, null, false);
            }

            literals.Add(literal.Value);
        }

        var condition = literals.Count == 1 ? $"{column} == ({items[0]})" : $"{column} in ({string.Join(", ", items)})";
        var pointRange = literals.Count == 1 && IsNumber(literals[0]) ? Interval.Point(Convert.ToDouble(literals[0], CultureInfo.InvariantCulture)) : null;
        return new EntryTest(text, condition, pointRange, literals, false);
    }

    private static EntryTest ParseRange(string text, string trimmed, string column)
    {
        var body = trimmed[1..^1];
        var parts = body.Split("..", 2);
        var low = ExpressionEngine.Parse(parts[0]);
        var high = ExpressionEngine.Parse(parts[1]);
        var lowInclusive = trimmed[0] == '[';
        var highInclusive = trimmed[^1] == ']';
        var condition = $"({column} {(lowInclusive ? ">=" : ">")} ({parts[0]}) && {column} {(highInclusive ? "<=" : "<")} ({parts[1]}))";
        Interval? interval = Literal(low) is { } l && Literal(high) is { } h && IsNumber(l) && IsNumber(h)
            ? new Interval(Convert.ToDouble(l, CultureInfo.InvariantCulture), lowInclusive, Convert.ToDouble(h, CultureInfo.InvariantCulture), highInclusive)
            : null;
        return new EntryTest(text, condition, interval, null, false);
    }

    private static object? Literal(SyntaxNode node) => node is LiteralNode literal ? literal.Value : null;

    private static bool IsNumber(object? value) => value is int or long or decimal or double or float;

    /// <summary>Splits <c>"a", "b", 3</c> at top-level commas (not inside quotes or parentheses).</summary>
    private static List<string> SplitList(string text)
    {
        var items = new List<string>();
        var depth = 0;
        char? quote = null;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is not null)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == quote)
                {
                    quote = null;
                }

                continue;
            }

            switch (c)
            {
                case '"' or '\'':
                    quote = c;
                    break;
                case '(' or '[':
                    depth++;
                    break;
                case ')' or ']':
                    depth--;
                    break;
                case ',' when depth == 0:
                    items.Add(text[start..i].Trim());
                    start = i + 1;
                    break;
            }
        }

        items.Add(text[start..].Trim());
        return items;
    }
}

/// <summary>A numeric interval with open or closed ends (infinite ends are open).</summary>
internal sealed record Interval(double Low, bool LowInclusive, double High, bool HighInclusive)
{
    public static Interval All { get; } = new(double.NegativeInfinity, false, double.PositiveInfinity, false);

    public static Interval Point(double value) => new(value, true, value, true);

    public static Interval FromComparison(string op, double value) => op switch
    {
        ">" => new Interval(value, false, double.PositiveInfinity, false),
        ">=" => new Interval(value, true, double.PositiveInfinity, false),
        "<" => new Interval(double.NegativeInfinity, false, value, false),
        "<=" => new Interval(double.NegativeInfinity, false, value, true),
        "=" => Point(value),
        _ => All,
    };

    public bool Intersects(Interval other)
    {
        var (low, lowInclusive) = Low > other.Low || (Low == other.Low && !LowInclusive) ? (Low, LowInclusive) : (other.Low, other.LowInclusive);
        var (high, highInclusive) = High < other.High || (High == other.High && !HighInclusive) ? (High, HighInclusive) : (other.High, other.HighInclusive);
        return low < high || (low == high && lowInclusive && highInclusive);
    }

    public override string ToString() =>
        $"{(LowInclusive ? "[" : "(")}{Format(Low)}..{Format(High)}{(HighInclusive ? "]" : ")")}";

    private static string Format(double value) =>
        double.IsInfinity(value) ? (value < 0 ? "-inf" : "inf") : value.ToString(CultureInfo.InvariantCulture);
}
