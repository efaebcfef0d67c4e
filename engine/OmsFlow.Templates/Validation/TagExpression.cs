namespace OmsFlow.Templates.Validation;

/// <summary>A part of a tag: a path, a literal, or a subexpression, with its offset in the template.</summary>
internal abstract record ExpressionPart(int Offset);

internal sealed record PathPart(string Path, int Offset) : ExpressionPart(Offset);

internal sealed record LiteralPart(string Text, int Offset) : ExpressionPart(Offset);

internal sealed record CallPart(ExpressionPart Head, IReadOnlyList<ExpressionPart> Arguments, IReadOnlyList<(string Key, ExpressionPart Value)> Hash, int Offset)
    : ExpressionPart(Offset);

/// <summary>Parses the inside of a tag (<c>money total currency culture="nl-NL"</c>) into a <see cref="CallPart"/>.</summary>
internal static class TagExpression
{
    public static CallPart Parse(string body, int offset)
    {
        var position = 0;
        return ParseCall(body, ref position, offset, closing: false);
    }

    private static CallPart ParseCall(string body, ref int position, int baseOffset, bool closing)
    {
        var parts = new List<ExpressionPart>();
        var hash = new List<(string, ExpressionPart)>();
        var start = position;
        while (true)
        {
            SkipWhitespace(body, ref position);
            if (position >= body.Length)
            {
                break;
            }

            if (body[position] == ')')
            {
                if (closing)
                {
                    position++;
                }

                break;
            }

            // "as |item index|" block parameters name variables, they are not values to check.
            if (body[position] == '|' || string.CompareOrdinal(body, position, "as |", 0, 4) == 0)
            {
                break;
            }

            var keyEnd = position;
            while (keyEnd < body.Length && (char.IsLetterOrDigit(body[keyEnd]) || body[keyEnd] is '_' or '-'))
            {
                keyEnd++;
            }

            if (keyEnd > position && keyEnd < body.Length && body[keyEnd] == '=')
            {
                var key = body[position..keyEnd];
                position = keyEnd + 1;
                hash.Add((key, ParseValue(body, ref position, baseOffset)));
                continue;
            }

            parts.Add(ParseValue(body, ref position, baseOffset));
        }

        var head = parts.Count > 0 ? parts[0] : new LiteralPart(string.Empty, baseOffset + start);
        return new CallPart(head, parts.Count > 1 ? parts[1..] : [], hash, baseOffset + start);
    }

    private static ExpressionPart ParseValue(string body, ref int position, int baseOffset)
    {
        var start = position;
        var c = body[position];
        if (c == '(')
        {
            position++;
            return ParseCall(body, ref position, baseOffset, closing: true) with { Offset = baseOffset + start };
        }

        if (c is '"' or '\'')
        {
            var close = body.IndexOf(c, position + 1);
            position = close < 0 ? body.Length : close + 1;
            return new LiteralPart(body[start..position], baseOffset + start);
        }

        var depth = 0;
        while (position < body.Length && (depth > 0 || (!char.IsWhiteSpace(body[position]) && body[position] != ')')))
        {
            depth += body[position] switch { '[' => 1, ']' => -1, _ => 0 };
            position++;
        }

        var token = body[start..position];
        return IsLiteral(token) ? new LiteralPart(token, baseOffset + start) : new PathPart(token, baseOffset + start);
    }

    private static bool IsLiteral(string token) =>
        token is "true" or "false" or "null" or "undefined" || (token.Length > 0 && (char.IsAsciiDigit(token[0]) || (token[0] == '-' && token.Length > 1)));

    private static void SkipWhitespace(string body, ref int position)
    {
        while (position < body.Length && char.IsWhiteSpace(body[position]))
        {
            position++;
        }
    }
}
