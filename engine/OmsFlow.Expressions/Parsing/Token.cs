using OmsFlow.Expressions.Syntax;

namespace OmsFlow.Expressions.Parsing;

internal enum TokenKind
{
    End,
    Identifier,
    Number,
    String,
    Char,
    Symbol,
}

/// <summary>One lexical token; <see cref="Text"/> is the symbol or identifier as written, <see cref="Value"/> the literal's value.</summary>
internal readonly record struct Token(TokenKind Kind, string Text, object? Value, TextPosition Position)
{
    public bool IsSymbol(string symbol) => Kind == TokenKind.Symbol && Text == symbol;

    public bool IsKeyword(string keyword) =>
        Kind == TokenKind.Identifier && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);

    public string Describe() => Kind switch
    {
        TokenKind.End => "end of expression",
        TokenKind.String => $"string \"{Text}\"",
        _ => $"'{Text}'",
    };
}
