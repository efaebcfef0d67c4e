namespace OmsFlow.Expressions.JavaScript.Instrumentation;

/// <summary>
/// Splits JavaScript into the tokens the guard injector needs: it knows strings, template literals (with nested
/// substitutions), regular expression literals and comments, so a <c>while</c> inside any of them is never mistaken for a loop.
/// </summary>
public static class JsTokenizer
{
    private static readonly string[] Punctuators =
    [
        ">>>=", "...", "===", "!==", "**=", "<<=", ">>=", ">>>", "&&=", "||=", "??=",
        "=>", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "++", "--", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "**", "<<", ">>",
    ];

    private static readonly HashSet<string> KeywordsBeforeExpression = new(StringComparer.Ordinal)
    {
        "return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else", "yield", "await",
    };

    /// <summary>Tokenizes <paramref name="source"/>.</summary>
    /// <exception cref="JsSyntaxException">An unterminated string, template, comment or regular expression, or an unexpected character.</exception>
    public static IReadOnlyList<JsToken> Tokenize(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new Scanner(source).Run();
    }

    /// <summary>Whether <paramref name="token"/>'s text equals <paramref name="text"/>.</summary>
    internal static bool Is(this JsToken token, string source, string text) =>
        token.Length == text.Length && string.CompareOrdinal(source, token.Start, text, 0, text.Length) == 0;

    private sealed class Scanner(string source)
    {
        private readonly List<JsToken> tokens = [];

        // One entry per open '{' or '${': true when closing it resumes a template literal.
        private readonly Stack<bool> braces = new();

        // One entry per open '(': true when it holds the condition of if/while/for/with, after which a '/' starts a regex.
        private readonly Stack<bool> parentheses = new();
        private bool closedControlParenthesis;
        private int position;
        private int line = 1;
        private int lineStart;
        private bool newLineBefore;

        public List<JsToken> Run()
        {
            while (true)
            {
                SkipTrivia();
                if (position >= source.Length)
                {
                    return tokens;
                }

                ScanToken();
            }
        }

        private void ScanToken()
        {
            char c = source[position];
            int start = position, startLine = line, startColumn = position - lineStart + 1;
            bool lineBreakBefore = newLineBefore;
            JsTokenKind kind;
            if (IsIdentifierStart(c))
            {
                while (position < source.Length && IsIdentifierPart(source[position]))
                {
                    position++;
                }

                kind = JsTokenKind.Identifier;
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && position + 1 < source.Length && char.IsAsciiDigit(source[position + 1])))
            {
                ScanNumber();
                kind = JsTokenKind.Number;
            }
            else if (c is '"' or '\'')
            {
                ScanString(c, startLine, startColumn);
                kind = JsTokenKind.String;
            }
            else if (c == '`')
            {
                position++;
                kind = ScanTemplate(startLine, startColumn, head: true);
            }
            else if (c == '}' && braces.Count > 0 && braces.Peek())
            {
                braces.Pop();
                position++;
                kind = ScanTemplate(startLine, startColumn, head: false);
            }
            else if (c == '/' && RegexAllowed())
            {
                ScanRegex(startLine, startColumn);
                kind = JsTokenKind.Regex;
            }
            else
            {
                ScanPunctuator(c, startLine, startColumn);
                kind = JsTokenKind.Punctuator;
            }

            tokens.Add(new JsToken(kind, start, position - start, startLine, startColumn, lineBreakBefore));
            newLineBefore = false;
        }

        private void ScanPunctuator(char c, int startLine, int startColumn)
        {
            foreach (string punctuator in Punctuators)
            {
                if (string.CompareOrdinal(source, position, punctuator, 0, punctuator.Length) == 0)
                {
                    position += punctuator.Length;
                    return;
                }
            }

            if ("{}()[];,<>+-*/%&|^!~?:=.@#".Contains(c, StringComparison.Ordinal))
            {
                if (c == '(')
                {
                    parentheses.Push(tokens.Count > 0 && tokens[^1].Kind == JsTokenKind.Identifier && IsControlKeyword(tokens[^1]));
                }
                else if (c == ')')
                {
                    closedControlParenthesis = parentheses.Count > 0 && parentheses.Pop();
                }
                else if (c == '{')
                {
                    braces.Push(false);
                }
                else if (c == '}' && braces.Count > 0)
                {
                    braces.Pop();
                }

                position++;
                return;
            }

            throw new JsSyntaxException($"unexpected character '{c}' (U+{(int)c:X4})", startLine, startColumn);
        }

        private void ScanNumber()
        {
            bool hex = source[position] == '0' && position + 1 < source.Length && source[position + 1] is 'x' or 'X';
            while (position < source.Length)
            {
                char c = source[position];
                if (char.IsAsciiLetterOrDigit(c) || c is '.' or '_')
                {
                    position++;
                }
                else if (!hex && c is '+' or '-' && source[position - 1] is 'e' or 'E')
                {
                    position++;
                }
                else
                {
                    return;
                }
            }
        }

        private void ScanString(char quote, int startLine, int startColumn)
        {
            position++;
            while (position < source.Length)
            {
                char c = source[position];
                if (c == quote)
                {
                    position++;
                    return;
                }

                if (c == '\\' && position + 1 < source.Length)
                {
                    position++;
                    ConsumeEscapedCharacter();
                    continue;
                }

                if (IsLineTerminator(c))
                {
                    break;
                }

                position++;
            }

            throw new JsSyntaxException($"unterminated string literal; close it with {quote}", startLine, startColumn);
        }

        private JsTokenKind ScanTemplate(int startLine, int startColumn, bool head)
        {
            while (position < source.Length)
            {
                char c = source[position];
                if (c == '`')
                {
                    position++;
                    return head ? JsTokenKind.String : JsTokenKind.TemplateTail;
                }

                if (c == '$' && position + 1 < source.Length && source[position + 1] == '{')
                {
                    position += 2;
                    braces.Push(true);
                    return head ? JsTokenKind.TemplateHead : JsTokenKind.TemplateMiddle;
                }

                if (c == '\\' && position + 1 < source.Length)
                {
                    position++;
                    ConsumeEscapedCharacter();
                    continue;
                }

                ConsumeCharacter();
            }

            throw new JsSyntaxException("unterminated template literal; close it with `", startLine, startColumn);
        }

        private void ScanRegex(int startLine, int startColumn)
        {
            position++;
            bool inClass = false;
            while (position < source.Length)
            {
                char c = source[position];
                if (IsLineTerminator(c))
                {
                    break;
                }

                position++;
                if (c == '\\' && position < source.Length && !IsLineTerminator(source[position]))
                {
                    position++;
                }
                else if (c == '[')
                {
                    inClass = true;
                }
                else if (c == ']')
                {
                    inClass = false;
                }
                else if (c == '/' && !inClass)
                {
                    while (position < source.Length && IsIdentifierPart(source[position]))
                    {
                        position++;
                    }

                    return;
                }
            }

            throw new JsSyntaxException("unterminated regular expression literal; close it with /", startLine, startColumn);
        }

        private bool RegexAllowed()
        {
            if (tokens.Count == 0)
            {
                return true;
            }

            JsToken previous = tokens[^1];
            return previous.Kind switch
            {
                JsTokenKind.Identifier => KeywordsBeforeExpression.Contains(source.Substring(previous.Start, previous.Length)),
                JsTokenKind.Number or JsTokenKind.String or JsTokenKind.Regex or JsTokenKind.TemplateTail => false,
                JsTokenKind.TemplateHead or JsTokenKind.TemplateMiddle => true,

                // After ')' a slash divides unless the parenthesis closed an if/while/for condition; after ']' it divides;
                // after '}' a statement usually starts (a block ended), so it opens a regex.
                _ when previous.Is(source, ")") => closedControlParenthesis,
                _ => !(previous.Is(source, "]") || previous.Is(source, "++") || previous.Is(source, "--")),
            };
        }

        private void SkipTrivia()
        {
            while (position < source.Length)
            {
                char c = source[position];
                if (IsLineTerminator(c))
                {
                    ConsumeCharacter();
                }
                else if (char.IsWhiteSpace(c) || c == '\uFEFF')
                {
                    position++;
                }
                else if (c == '/' && position + 1 < source.Length && source[position + 1] == '/')
                {
                    while (position < source.Length && !IsLineTerminator(source[position]))
                    {
                        position++;
                    }
                }
                else if (c == '/' && position + 1 < source.Length && source[position + 1] == '*')
                {
                    int startLine = line, startColumn = position - lineStart + 1;
                    position += 2;
                    while (true)
                    {
                        if (position >= source.Length)
                        {
                            throw new JsSyntaxException("unterminated comment; close it with */", startLine, startColumn);
                        }

                        if (source[position] == '*' && position + 1 < source.Length && source[position + 1] == '/')
                        {
                            position += 2;
                            break;
                        }

                        ConsumeCharacter();
                    }
                }
                else
                {
                    return;
                }
            }
        }

        private void ConsumeEscapedCharacter()
        {
            // A backslash before a line break continues the literal on the next line.
            if (source[position] == '\r' && position + 1 < source.Length && source[position + 1] == '\n')
            {
                position++;
            }

            ConsumeCharacter();
        }

        /// <summary>Advances one character, keeping line and column right across \n, \r\n, \r, U+2028 and U+2029.</summary>
        private void ConsumeCharacter()
        {
            char c = source[position++];
            if (!IsLineTerminator(c))
            {
                return;
            }

            if (c == '\r' && position < source.Length && source[position] == '\n')
            {
                position++;
            }

            line++;
            lineStart = position;
            newLineBefore = true;
        }

        private bool IsControlKeyword(JsToken token) =>
            token.Is(source, "if") || token.Is(source, "while") || token.Is(source, "for") || token.Is(source, "with");

        private static bool IsLineTerminator(char c) => c is '\n' or '\r' or '\u2028' or '\u2029';

        private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c is '$' or '_' or '\\' || (c > 127 && char.IsLetter(c));

        private static bool IsIdentifierPart(char c) => IsIdentifierStart(c) || char.IsAsciiDigit(c) || (c > 127 && char.IsLetterOrDigit(c)) || c is '\u200C' or '\u200D';
    }
}
