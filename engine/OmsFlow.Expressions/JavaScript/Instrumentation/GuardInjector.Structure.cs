namespace OmsFlow.Expressions.JavaScript.Instrumentation;

/// <summary>Bracket matching and statement boundaries: just enough structure to wrap a loop body that has no braces.</summary>
public sealed partial class GuardInjector
{
    private static readonly HashSet<string> KeywordsThatDoNotEndExpressions = new(StringComparer.Ordinal)
    {
        "var", "let", "const", "new", "typeof", "void", "delete", "in", "instanceof", "of", "return", "throw", "yield", "await", "case", "do", "else",
    };

    private static readonly HashSet<string> RestrictedProductions = new(StringComparer.Ordinal) { "return", "throw", "break", "continue" };

    private static readonly HashSet<string> PunctuatorsThatStartAStatement = new(StringComparer.Ordinal) { "++", "--", "{", "!", "~", ";" };

    /// <summary>For every bracket token the index of its partner; -1 for other tokens. Template substitutions pair their head/middle with the next middle/tail.</summary>
    private int[] MatchBrackets()
    {
        int[] result = new int[tokens.Count];
        Array.Fill(result, -1);
        var open = new Stack<int>();
        for (int i = 0; i < tokens.Count; i++)
        {
            JsToken token = tokens[i];
            bool closes = token.Kind is JsTokenKind.TemplateMiddle or JsTokenKind.TemplateTail
                || (token.Kind == JsTokenKind.Punctuator && (Is(i, ")") || Is(i, "]") || Is(i, "}")));
            if (closes)
            {
                if (open.Count == 0)
                {
                    throw new JsSyntaxException($"'{Closer(token)}' has no matching opening bracket", token.Line, token.Column);
                }

                int opener = open.Pop();
                string expected = Closer(tokens[opener], opening: true);
                if (expected != Closer(token))
                {
                    JsToken at = tokens[opener];
                    throw new JsSyntaxException(
                        $"'{Closer(token)}' does not close the '{Opener(at)}' opened at {at.Line}:{at.Column}; expected '{expected}'", token.Line, token.Column);
                }

                result[i] = opener;
                result[opener] = i;
            }

            bool opens = token.Kind is JsTokenKind.TemplateHead or JsTokenKind.TemplateMiddle
                || (token.Kind == JsTokenKind.Punctuator && (Is(i, "(") || Is(i, "[") || Is(i, "{")));
            if (opens)
            {
                open.Push(i);
            }
        }

        if (open.Count > 0)
        {
            JsToken at = tokens[open.Peek()];
            throw new JsSyntaxException($"'{Opener(at)}' is never closed; add '{Closer(at, opening: true)}'", at.Line, at.Column);
        }

        return result;
    }

    private string Opener(JsToken token) => token.Kind is JsTokenKind.TemplateHead or JsTokenKind.TemplateMiddle ? "${" : Text(token);

    private string Closer(JsToken token, bool opening = false)
    {
        if (token.Kind is JsTokenKind.TemplateHead or JsTokenKind.TemplateMiddle or JsTokenKind.TemplateTail)
        {
            return "}";
        }

        string text = Text(token);
        return !opening ? text : text switch { "(" => ")", "[" => "]", _ => "}" };
    }

    /// <summary>The index of the last token of the statement that starts at <paramref name="start"/>.</summary>
    private int SkipStatement(int start)
    {
        JsToken token = tokens[start];
        if (Is(start, "{"))
        {
            return match[start];
        }

        if (Is(start, ";") || token.Kind != JsTokenKind.Identifier)
        {
            return Is(start, ";") ? start : SkipExpressionStatement(start);
        }

        switch (Text(start))
        {
            case "if":
            {
                int end = SkipStatement(match[Expect(start + 1, "(", start)] + 1);
                return end + 1 < tokens.Count && Is(end + 1, "else") ? SkipStatement(end + 2) : end;
            }

            case "for" or "while" or "with":
                return SkipStatement(match[Expect(start + 1, "(", start)] + 1);
            case "do":
            {
                int tail = Expect(SkipStatement(start + 1) + 1, "while", start);
                int close = match[Expect(tail + 1, "(", tail)];
                return close + 1 < tokens.Count && Is(close + 1, ";") ? close + 1 : close;
            }

            case "switch":
                return match[Expect(match[Expect(start + 1, "(", start)] + 1, "{", start)];
            case "try":
                return SkipTry(start);
            case "function" or "class":
            {
                int brace = start + 1;
                while (brace < tokens.Count && !Is(brace, "{"))
                {
                    brace = match[brace] > brace ? match[brace] + 1 : brace + 1;
                }

                return match[Expect(brace, "{", start)];
            }

            default:
                return start + 1 < tokens.Count && Is(start + 1, ":") && !KeywordsThatDoNotEndExpressions.Contains(Text(start))
                    ? SkipStatement(start + 2)
                    : SkipExpressionStatement(start);
        }
    }

    private int SkipTry(int start)
    {
        int end = match[Expect(start + 1, "{", start)];
        if (end + 1 < tokens.Count && Is(end + 1, "catch"))
        {
            int next = end + 2;
            if (next < tokens.Count && Is(next, "("))
            {
                next = match[next] + 1;
            }

            end = match[Expect(next, "{", end + 1)];
        }

        if (end + 1 < tokens.Count && Is(end + 1, "finally"))
        {
            end = match[Expect(end + 2, "{", end + 1)];
        }

        return end;
    }

    /// <summary>An expression, declaration or jump statement: it ends at ';', before an unmatched closing bracket, or where automatic semicolon insertion applies.</summary>
    private int SkipExpressionStatement(int start)
    {
        if (RestrictedProductions.Contains(Text(start)) && (start + 1 >= tokens.Count || tokens[start + 1].NewLineBefore))
        {
            return start;
        }

        int index = start;
        while (true)
        {
            JsToken token = tokens[index];
            if (token.Kind == JsTokenKind.Punctuator && (Is(index, ")") || Is(index, "]") || Is(index, "}")))
            {
                return index - 1;
            }

            if (Is(index, ";"))
            {
                return index;
            }

            // Template substitutions chain head -> middle -> tail, so keep jumping until a closer is reached.
            while (match[index] > index)
            {
                index = match[index];
            }

            int next = index + 1;
            if (next >= tokens.Count || (tokens[next].NewLineBefore && EndsExpression(index) && !ContinuesExpression(next)))
            {
                return index;
            }

            index = next;
        }
    }

    private bool EndsExpression(int index)
    {
        JsToken token = tokens[index];
        return token.Kind switch
        {
            JsTokenKind.Identifier => !KeywordsThatDoNotEndExpressions.Contains(Text(index)),
            JsTokenKind.Punctuator => Is(index, ")") || Is(index, "]") || Is(index, "}") || Is(index, "++") || Is(index, "--"),
            _ => true,
        };
    }

    private bool ContinuesExpression(int index)
    {
        JsToken token = tokens[index];
        return token.Kind switch
        {
            JsTokenKind.Identifier => Is(index, "in") || Is(index, "instanceof") || Is(index, "of"),
            JsTokenKind.Punctuator => !PunctuatorsThatStartAStatement.Contains(Text(index)),
            JsTokenKind.TemplateHead => true,
            _ => false,
        };
    }
}
