namespace OmsFlow.Expressions.JavaScript.Instrumentation;

/// <summary>The coarse token classes the guard injector needs; it never needs a full JavaScript grammar.</summary>
public enum JsTokenKind
{
    /// <summary>An identifier or keyword (<c>while</c>, <c>order</c>, <c>$x</c>).</summary>
    Identifier,

    /// <summary>A numeric literal.</summary>
    Number,

    /// <summary>A single- or double-quoted string literal.</summary>
    String,

    /// <summary>A whole template literal without substitutions, or the text part up to the first <c>${</c>.</summary>
    TemplateHead,

    /// <summary>The text of a template literal between two substitutions (<c>}...${</c>).</summary>
    TemplateMiddle,

    /// <summary>The text of a template literal after its last substitution (<c>}...`</c>).</summary>
    TemplateTail,

    /// <summary>A regular expression literal, flags included.</summary>
    Regex,

    /// <summary>An operator or punctuator (<c>(</c>, <c>=&gt;</c>, <c>===</c>, <c>;</c>).</summary>
    Punctuator,
}

/// <summary>One token of a script, positioned in the original text.</summary>
/// <param name="Kind">The token class.</param>
/// <param name="Start">Offset of the first character in the script.</param>
/// <param name="Length">Number of characters.</param>
/// <param name="Line">1-based line of the first character.</param>
/// <param name="Column">1-based column of the first character.</param>
/// <param name="NewLineBefore">Whether a line break separates this token from the previous one (drives automatic semicolon insertion).</param>
public readonly record struct JsToken(JsTokenKind Kind, int Start, int Length, int Line, int Column, bool NewLineBefore)
{
    /// <summary>The offset just after the token.</summary>
    public int End => Start + Length;
}
