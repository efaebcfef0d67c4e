using System.Text;

namespace OmsFlow.Expressions.JavaScript.Instrumentation;

/// <summary>The result of instrumenting a script: its text with guard calls, and how many were injected.</summary>
/// <param name="Text">The instrumented script; line numbers are unchanged because nothing inserted contains a line break.</param>
/// <param name="GuardSites">Number of loop and function bodies that received a guard call.</param>
public sealed record InstrumentedScript(string Text, int GuardSites);

/// <summary>
/// Injects <c>guard(line);</c> at the start of every loop body (<c>for</c>, <c>for-in/of</c>, <c>while</c>, <c>do</c>;
/// a body without braces is wrapped in a block) and every function body (declarations, expressions, methods,
/// getters/setters, constructors, arrow functions with block bodies). Every iteration and every call therefore passes
/// through the host, which is how a deadline can be enforced on an engine that has no timeout of its own.
/// </summary>
/// <remarks>
/// The injector fails closed: a construct it cannot read (a <c>for</c> without its parenthesis, a <c>do</c> without its
/// <c>while</c>) is a <see cref="JsSyntaxException"/> rather than a loop left unguarded, and so is <c>eval</c>, whose
/// code would bypass instrumentation.
/// </remarks>
public sealed partial class GuardInjector
{
    private static readonly HashSet<string> NonFunctionHeads = new(StringComparer.Ordinal)
    {
        "if", "for", "while", "switch", "catch", "with", "return", "typeof", "void", "delete", "in", "of", "instanceof", "new", "case",
    };

    private readonly string source;
    private readonly IReadOnlyList<JsToken> tokens;
    private readonly int[] match;
    private readonly string guardName;
    private readonly List<Insertion> insertions = [];
    private readonly HashSet<int> guardedBraces = [];
    private readonly HashSet<int> doWhileTails = [];

    private GuardInjector(string source, string guardName)
    {
        this.source = source;
        this.guardName = guardName;
        tokens = JsTokenizer.Tokenize(source);
        match = MatchBrackets();
    }

    /// <summary>Instruments <paramref name="source"/> with calls to the function named <paramref name="guardName"/>.</summary>
    /// <param name="source">The user's script.</param>
    /// <param name="guardName">The guard function's name; scripts may not use identifiers that start with it.</param>
    /// <exception cref="JsSyntaxException">The script cannot be tokenized, its brackets do not balance, or it uses the reserved name.</exception>
    public static InstrumentedScript Instrument(string source, string guardName)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(guardName);
        return new GuardInjector(source, guardName).Run();
    }

    private InstrumentedScript Run()
    {
        for (int i = 0; i < tokens.Count; i++)
        {
            JsToken token = tokens[i];
            if (token.Kind == JsTokenKind.Identifier)
            {
                VisitIdentifier(i);
            }
            else if (token.Kind == JsTokenKind.Punctuator && Is(i, "{"))
            {
                VisitOpenBrace(i);
            }
        }

        return new InstrumentedScript(Apply(), insertions.Count(insertion => insertion.Kind != InsertionKind.Close));
    }

    private void VisitIdentifier(int i)
    {
        JsToken token = tokens[i];
        if (token.Length >= guardName.Length && string.CompareOrdinal(source, token.Start, guardName, 0, guardName.Length) == 0)
        {
            throw new JsSyntaxException($"identifiers starting with '{guardName}' are reserved by the script host; rename it", token.Line, token.Column);
        }

        // Property names (o.while, { do: 1 }) are not statements.
        bool isPropertyName = (i > 0 && (Is(i - 1, ".") || Is(i - 1, "?."))) || (i + 1 < tokens.Count && Is(i + 1, ":"));
        if (isPropertyName)
        {
            return;
        }

        // A direct eval compiles code this injector never sees, so its loops would run unguarded.
        if (Is(i, "eval"))
        {
            throw new JsSyntaxException("eval is not available in scripts; write the code directly", token.Line, token.Column);
        }

        if (Is(i, "for") || (Is(i, "while") && !doWhileTails.Contains(i)))
        {
            int open = Expect(i + 1, "(", i);
            GuardLoopBody(match[open] + 1, token);
        }
        else if (Is(i, "do"))
        {
            int end = GuardLoopBody(i + 1, token);
            int tail = Expect(end + 1, "while", i);
            doWhileTails.Add(tail);
        }
        else if (Is(i, "function"))
        {
            int open = i + 1;
            while (open < tokens.Count && !Is(open, "("))
            {
                open++;
            }

            int body = Expect(match[Expect(open, "(", i)] + 1, "{", i);
            GuardBrace(body);
        }
    }

    private void VisitOpenBrace(int i)
    {
        if (i == 0)
        {
            return;
        }

        if (Is(i - 1, "=>"))
        {
            GuardBrace(i);
            return;
        }

        // name(...) { — a method, getter, setter or constructor; a call followed by a block on the next line also lands
        // here, and a guard at the start of a plain block is harmless.
        if (Is(i - 1, ")") && match[i - 1] > 0)
        {
            int head = match[i - 1] - 1;
            bool namedHead = tokens[head].Kind is JsTokenKind.Identifier or JsTokenKind.String or JsTokenKind.Number
                && !NonFunctionHeads.Contains(Text(head));
            if (namedHead || Is(head, "]"))
            {
                GuardBrace(i);
            }
        }
    }

    private int GuardLoopBody(int body, JsToken loopKeyword)
    {
        if (body >= tokens.Count)
        {
            throw new JsSyntaxException($"'{Text(loopKeyword)}' has no body", loopKeyword.Line, loopKeyword.Column);
        }

        if (Is(body, "{"))
        {
            GuardBrace(body);
            return match[body];
        }

        int end = SkipStatement(body);
        insertions.Add(new Insertion(tokens[body].Start, InsertionKind.Open, tokens[body].Line));
        insertions.Add(new Insertion(tokens[end].End, InsertionKind.Close, 0));
        return end;
    }

    private void GuardBrace(int brace)
    {
        if (guardedBraces.Add(brace))
        {
            insertions.Add(new Insertion(tokens[brace].End, InsertionKind.Guard, tokens[brace].Line));
        }
    }

    private string Apply()
    {
        // Closing braces go before anything opened at the same offset; otherwise insertion order is kept.
        var ordered = insertions.Select((insertion, index) => (insertion, index))
            .OrderBy(entry => entry.insertion.Offset)
            .ThenBy(entry => entry.insertion.Kind == InsertionKind.Close ? 0 : 1)
            .ThenBy(entry => entry.index);
        var text = new StringBuilder(source.Length + (insertions.Count * (guardName.Length + 8)));
        int copied = 0;
        foreach (var (insertion, _) in ordered)
        {
            text.Append(source, copied, insertion.Offset - copied);
            copied = insertion.Offset;
            switch (insertion.Kind)
            {
                case InsertionKind.Close:
                    text.Append('}');
                    break;
                case InsertionKind.Open:
                    text.Append('{').Append(guardName).Append('(').Append(insertion.Line).Append(");");
                    break;
                default:
                    text.Append(guardName).Append('(').Append(insertion.Line).Append(");");
                    break;
            }
        }

        return text.Append(source, copied, source.Length - copied).ToString();
    }

    private int Expect(int index, string text, int owner)
    {
        if (index < tokens.Count && Is(index, text))
        {
            return index;
        }

        JsToken at = index < tokens.Count ? tokens[index] : tokens[^1];
        string found = index < tokens.Count ? $"'{Text(index)}'" : "end of script";
        throw new JsSyntaxException($"expected '{text}' after '{Text(owner)}' but found {found}", at.Line, at.Column);
    }

    private bool Is(int index, string text) => tokens[index].Kind != JsTokenKind.String && tokens[index].Is(source, text);

    private string Text(int index) => Text(tokens[index]);

    private string Text(JsToken token) => source.Substring(token.Start, token.Length);

    private enum InsertionKind
    {
        Guard,
        Open,
        Close,
    }

    private readonly record struct Insertion(int Offset, InsertionKind Kind, int Line);
}
