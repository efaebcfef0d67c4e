namespace OmsFlow.Templates.Rendering.Direct;

/// <summary>
/// Compiles the Handlebars subset OmsFlow's document templates use (values, helpers and subexpressions, if/unless/each/
/// with, partials with context and hash, partial blocks and layouts, comments, <c>~</c> and standalone-line whitespace
/// rules) into <see cref="DirectNode"/>s. Anything else returns null and the template renders through Handlebars.Net.
/// </summary>
internal static partial class DirectParser
{
    private enum TagKind
    {
        Value,
        Raw,
        Comment,
        Open,
        PartialOpen,
        Close,
        Else,
        Partial,
    }

    private sealed class Token
    {
        public string? Text;
        public TagKind Kind;
        public string Content = string.Empty;
        public bool StripBefore;
        public bool StripAfter;
        public string Indent = string.Empty;
        public bool TrimHead;
        public bool TrimTail;
    }

    /// <summary>The template's nodes, or null when it uses syntax only Handlebars.Net handles.</summary>
    public static DirectNode[]? TryParse(string source)
    {
        try
        {
            var tokens = Tokenize(source);
            ApplyWhitespaceRules(tokens);
            var position = 0;
            var nodes = Build(tokens, ref position, null);
            return position == tokens.Count ? nodes : null;
        }
        catch (DirectUnsupportedException)
        {
            return null;
        }
    }

    private static List<Token> Tokenize(string source)
    {
        var tokens = new List<Token>();
        var index = 0;
        while (index < source.Length)
        {
            var open = source.IndexOf("{{", index, StringComparison.Ordinal);
            if (open < 0)
            {
                tokens.Add(new Token { Text = source[index..] });
                break;
            }

            if (open > 0 && source[open - 1] == '\\')
            {
                throw new DirectUnsupportedException("escaped mustache");
            }

            if (open > index)
            {
                tokens.Add(new Token { Text = source[index..open] });
            }

            index = ReadTag(source, open, tokens);
        }

        return tokens;
    }

    private static int ReadTag(string source, int open, List<Token> tokens)
    {
        var token = new Token();
        var start = open + 2;
        var triple = start < source.Length && source[start] == '{';
        if (triple)
        {
            if (start + 1 < source.Length && source[start + 1] == '{')
            {
                throw new DirectUnsupportedException("raw block");
            }

            start++;
        }

        if (start < source.Length && source[start] == '~')
        {
            token.StripBefore = true;
            start++;
        }

        string closing = triple ? "}}}" : "}}";
        if (!triple && source.AsSpan(start).StartsWith("!--"))
        {
            closing = "--}}";
        }

        var close = source.IndexOf(closing, start, StringComparison.Ordinal);
        if (close < 0)
        {
            throw new DirectUnsupportedException("unterminated tag");
        }

        var end = close + closing.Length;
        var contentEnd = closing == "--}}" ? close + 2 : close;
        if (contentEnd > start && source[contentEnd - 1] == '~')
        {
            token.StripAfter = true;
            contentEnd--;
        }

        var content = source[start..contentEnd];
        (token.Kind, token.Content) = triple ? (TagKind.Raw, content.Trim()) : Classify(content);
        tokens.Add(token);
        return end;
    }

    private static (TagKind Kind, string Content) Classify(string content)
    {
        var trimmed = content.TrimStart();
        if (trimmed.Length == 0)
        {
            throw new DirectUnsupportedException("empty tag");
        }

        return trimmed[0] switch
        {
            '!' => (TagKind.Comment, string.Empty),
            '&' => throw new DirectUnsupportedException("ampersand tag"),
            '/' => (TagKind.Close, trimmed[1..].Trim()),
            '>' => (TagKind.Partial, trimmed[1..].Trim()),
            '#' when trimmed.Length > 1 && trimmed[1] == '>' => (TagKind.PartialOpen, trimmed[2..].Trim()),
            '#' when trimmed.Length > 1 && trimmed[1] is '*' => throw new DirectUnsupportedException("decorator"),
            '#' => (TagKind.Open, trimmed[1..].Trim()),
            '^' or '*' => throw new DirectUnsupportedException("inverse section or decorator"),
            _ when trimmed.Trim() == "else" => (TagKind.Else, string.Empty),
            _ when trimmed.StartsWith("else ", StringComparison.Ordinal) => throw new DirectUnsupportedException("chained else"),
            _ => (TagKind.Value, trimmed.Trim()),
        };
    }

    /// <summary>
    /// <c>~</c> trims the whitespace next to a tag; a block, else, comment or partial tag alone on its line removes that
    /// line's indentation and line break, as handlebars.js specifies. Decided on the original text, applied after.
    /// </summary>
    private static void ApplyWhitespaceRules(List<Token> tokens)
    {
        var originals = tokens.Select(t => t.Text).ToArray();
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.Text is not null || token.Kind is TagKind.Value or TagKind.Raw)
            {
                continue;
            }

            var previous = i > 0 ? originals[i - 1] : null;
            var next = i + 1 < tokens.Count ? originals[i + 1] : null;
            var startsLine = i == 0 || (previous is not null && IsBlankTail(previous, i - 1 == 0));
            var endsLine = i + 1 == tokens.Count || (next is not null && IsBlankHead(next, i + 1 == tokens.Count - 1));
            if (!startsLine || !endsLine)
            {
                continue;
            }

            if (previous is not null)
            {
                token.Indent = previous[(previous.LastIndexOf('\n') + 1)..];
                tokens[i - 1].TrimTail = true;
            }

            if (next is not null)
            {
                tokens[i + 1].TrimHead = true;
            }
        }

        for (var i = 0; i < tokens.Count; i++)
        {
            var text = tokens[i].Text;
            if (text is null)
            {
                continue;
            }

            var from = tokens[i].TrimHead ? HeadEnd(text) : 0;
            var to = tokens[i].TrimTail ? text.LastIndexOf('\n') + 1 : text.Length;
            text = to <= from ? string.Empty : text[from..to];
            if (i > 0 && tokens[i - 1].Text is null && tokens[i - 1].StripAfter)
            {
                text = text.TrimStart();
            }

            if (i + 1 < tokens.Count && tokens[i + 1].Text is null && tokens[i + 1].StripBefore)
            {
                text = text.TrimEnd();
            }

            tokens[i].Text = text;
        }
    }

    /// <summary>True when the text after its last line break is blank and a line break exists (or it opens the template).</summary>
    private static bool IsBlankTail(string text, bool isFirst)
    {
        var lineStart = text.LastIndexOf('\n');
        return (lineStart >= 0 || isFirst) && string.IsNullOrWhiteSpace(text[(lineStart + 1)..]);
    }

    /// <summary>True when the text up to its first line break is blank and a line break exists (or it ends the template).</summary>
    private static bool IsBlankHead(string text, bool isLast)
    {
        var lineEnd = text.IndexOf('\n', StringComparison.Ordinal);
        return (lineEnd >= 0 || isLast) && string.IsNullOrWhiteSpace(lineEnd >= 0 ? text[..lineEnd] : text);
    }

    private static int HeadEnd(string text)
    {
        var lineEnd = text.IndexOf('\n', StringComparison.Ordinal);
        return lineEnd >= 0 ? lineEnd + 1 : text.Length;
    }

    private static DirectNode[] Build(List<Token> tokens, ref int position, string? closing)
    {
        var nodes = new List<DirectNode>();
        while (position < tokens.Count)
        {
            var token = tokens[position];
            if (token.Text is not null)
            {
                position++;
                if (token.Text.Length > 0)
                {
                    nodes.Add(new TextNode(token.Text));
                }

                continue;
            }

            switch (token.Kind)
            {
                case TagKind.Close or TagKind.Else:
                    if (closing is null)
                    {
                        throw new DirectUnsupportedException("unbalanced block");
                    }

                    return [.. nodes];
                case TagKind.Comment:
                    position++;
                    break;
                case TagKind.Value or TagKind.Raw:
                    position++;
                    nodes.Add(new ValueNode(ParseMustache(token.Content), token.Kind == TagKind.Raw));
                    break;
                case TagKind.Partial:
                    position++;
                    nodes.Add(ParsePartial(token, null));
                    break;
                default:
                    nodes.Add(BuildBlock(tokens, ref position));
                    break;
            }
        }

        return closing is null ? [.. nodes] : throw new DirectUnsupportedException("unclosed block");
    }

    private static DirectNode BuildBlock(List<Token> tokens, ref int position)
    {
        var open = tokens[position++];
        var parts = SplitArguments(open.Content);
        var name = parts[0];
        var body = Build(tokens, ref position, name);
        var inverse = Array.Empty<DirectNode>();
        if (tokens[position].Kind == TagKind.Else)
        {
            if (open.Kind == TagKind.PartialOpen)
            {
                throw new DirectUnsupportedException("else in a partial block");
            }

            position++;
            inverse = Build(tokens, ref position, name);
        }

        var close = tokens[position++];
        if (close.Kind != TagKind.Close || close.Content != name)
        {
            throw new DirectUnsupportedException("mismatched block close");
        }

        if (open.Kind == TagKind.PartialOpen)
        {
            return ParsePartial(open, body);
        }

        if (name is not ("if" or "unless" or "each" or "with") || parts.Count != 2 || parts[1].Contains('=', StringComparison.Ordinal))
        {
            throw new DirectUnsupportedException($"block '{name}'");
        }

        var kind = name switch { "if" => BlockKind.If, "unless" => BlockKind.Unless, "each" => BlockKind.Each, _ => BlockKind.With };
        return new BlockNode(kind, ParseArgument(parts[1]), body, inverse);
    }

    private static PartialNode ParsePartial(Token token, DirectNode[]? block)
    {
        if (token.Indent.Length > 0)
        {
            throw new DirectUnsupportedException("indented standalone partial");
        }

        var parts = SplitArguments(token.Content);
        var name = parts[0];
        if (name.StartsWith('(') || name.StartsWith('"') || name.StartsWith('\''))
        {
            throw new DirectUnsupportedException("dynamic partial name");
        }

        DirectExpression? context = null;
        var hash = new List<(string, DirectExpression)>();
        foreach (var part in parts.Skip(1))
        {
            if (HashName(part) is { } key)
            {
                hash.Add((key, ParseArgument(part[(key.Length + 1)..])));
            }
            else if (context is null && hash.Count == 0)
            {
                context = ParseArgument(part);
            }
            else
            {
                throw new DirectUnsupportedException("partial arguments");
            }
        }

        return new PartialNode(name, context, [.. hash], block);
    }
}
