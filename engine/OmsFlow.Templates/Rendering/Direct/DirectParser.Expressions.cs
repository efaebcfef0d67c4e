using System.Globalization;

namespace OmsFlow.Templates.Rendering.Direct;

internal static partial class DirectParser
{
    /// <summary>
    /// <c>{{name}}</c> is a helper call when a helper has that name (as in Handlebars), otherwise a value; with
    /// arguments it is always a helper call.
    /// </summary>
    private static DirectExpression ParseMustache(string content)
    {
        var parts = SplitArguments(content);
        if (parts.Count == 1 && !TemplateEngine.HelperNames.Contains(parts[0]))
        {
            return ParseArgument(parts[0]);
        }

        return ParseCall(parts);
    }

    private static HelperExpression ParseCall(List<string> parts)
    {
        var name = parts[0];
        if (!TemplateEngine.HelperNames.Contains(name))
        {
            throw new DirectUnsupportedException($"helper '{name}'");
        }

        var arguments = new List<DirectExpression>();
        var hash = new List<(string, DirectExpression)>();
        foreach (var part in parts.Skip(1))
        {
            if (HashName(part) is { } key)
            {
                hash.Add((key, ParseArgument(part[(key.Length + 1)..])));
            }
            else if (hash.Count == 0)
            {
                arguments.Add(ParseArgument(part));
            }
            else
            {
                throw new DirectUnsupportedException("positional argument after a hash argument");
            }
        }

        return new HelperExpression(name, [.. arguments], [.. hash]);
    }

    private static DirectExpression ParseArgument(string text)
    {
        if (text.Length >= 2 && text[0] == '(' && text[^1] == ')')
        {
            return ParseCall(SplitArguments(text[1..^1]));
        }

        if (text.Length >= 2 && text[0] is '"' or '\'' && text[^1] == text[0])
        {
            var inner = text[1..^1];
            return inner.Contains('\\', StringComparison.Ordinal) ? throw new DirectUnsupportedException("escaped string literal") : new LiteralExpression(inner);
        }

        switch (text)
        {
            case "true":
                return new LiteralExpression(true);
            case "false":
                return new LiteralExpression(false);
            case "null" or "undefined":
                return new LiteralExpression(null);
        }

        if (text[0] is '-' or (>= '0' and <= '9'))
        {
            // Integer literals are passed as int; other number literals are left to Handlebars.Net.
            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            {
                return new LiteralExpression(integer);
            }

            throw new DirectUnsupportedException("non-integer number literal");
        }

        return ParsePath(text);
    }

    private static PathExpression ParsePath(string text)
    {
        if (text.Contains('/', StringComparison.Ordinal) && !text.StartsWith("../", StringComparison.Ordinal)
            || text.Contains('[', StringComparison.Ordinal) || text.Contains('(', StringComparison.Ordinal))
        {
            throw new DirectUnsupportedException($"path '{text}'");
        }

        var up = 0;
        while (text.StartsWith("../", StringComparison.Ordinal))
        {
            up++;
            text = text[3..];
        }

        if (text.Contains('/', StringComparison.Ordinal) || text.Length == 0)
        {
            throw new DirectUnsupportedException("path");
        }

        if (text[0] == '@')
        {
            var segments = text[1..].Split('.');
            if (up > 0)
            {
                throw new DirectUnsupportedException("parent data variable");
            }

            return segments[0] switch
            {
                "root" => new PathExpression(0, fromRoot: true, null, segments[1..]),
                "index" or "first" or "last" or "key" when segments.Length == 1 => new PathExpression(0, fromRoot: false, segments[0], []),
                _ => throw new DirectUnsupportedException($"data variable '{text}'"),
            };
        }

        var parts = text.Split('.');
        if (parts.Any(p => p.Length == 0))
        {
            throw new DirectUnsupportedException($"path '{text}'");
        }

        if (parts[0] == "this")
        {
            parts = parts[1..];
        }

        return new PathExpression(up, fromRoot: false, null, parts);
    }

    /// <summary>The key of a <c>key=value</c> argument, or null.</summary>
    private static string? HashName(string part)
    {
        var equals = part.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || part[0] is '"' or '\'' or '(')
        {
            return null;
        }

        var key = part[..equals];
        return key.All(c => char.IsLetterOrDigit(c) || c is '_' or '-') ? key : null;
    }

    /// <summary>Splits tag content at spaces outside quotes and parentheses.</summary>
    private static List<string> SplitArguments(string content)
    {
        var parts = new List<string>();
        var depth = 0;
        var quote = '\0';
        var start = -1;
        for (var i = 0; i <= content.Length; i++)
        {
            var c = i < content.Length ? content[i] : ' ';
            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
                continue;
            }

            if (c is '"' or '\'')
            {
                quote = c;
                start = start < 0 ? i : start;
            }
            else if (c == '(')
            {
                depth++;
                start = start < 0 ? i : start;
            }
            else if (c == ')')
            {
                depth--;
            }
            else if (char.IsWhiteSpace(c) && depth == 0)
            {
                if (start >= 0)
                {
                    parts.Add(content[start..i]);
                    start = -1;
                }
            }
            else
            {
                start = start < 0 ? i : start;
            }
        }

        if (quote != '\0' || depth != 0 || parts.Count == 0 || parts.Any(p => p.Contains(" as |", StringComparison.Ordinal) || p.StartsWith('|')))
        {
            throw new DirectUnsupportedException("unbalanced arguments or block parameters");
        }

        return parts;
    }
}
