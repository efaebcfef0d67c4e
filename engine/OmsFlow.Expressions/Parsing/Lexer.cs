using System.Globalization;
using System.Text;
using OmsFlow.Expressions.Syntax;

namespace OmsFlow.Expressions.Parsing;

/// <summary>Turns expression text into tokens, tracking line and column for every token.</summary>
internal sealed class Lexer
{
    private static readonly string[] Symbols =
    [
        "=>", "==", "!=", "<>", "<=", ">=", "&&", "||", "??",
        "(", ")", "[", "]", ",", ".", "?", ":", "!", "<", ">", "=", "+", "-", "*", "/", "%",
    ];

    private readonly string _text;
    private int _index;
    private int _line = 1;
    private int _lineStart;

    private Lexer(string text) => _text = text;

    public static List<Token> Tokenize(string text)
    {
        var lexer = new Lexer(text);
        var tokens = new List<Token>();
        Token token;
        do
        {
            token = lexer.Next();
            tokens.Add(token);
        }
        while (token.Kind != TokenKind.End);
        return tokens;
    }

    private TextPosition Here => new(_line, _index - _lineStart + 1);

    private Token Next()
    {
        SkipWhitespace();
        var start = Here;
        if (_index >= _text.Length)
        {
            return new Token(TokenKind.End, string.Empty, null, start);
        }

        var c = _text[_index];
        if (char.IsLetter(c) || c == '_' || c == '@')
        {
            var begin = _index;
            _index++;
            while (_index < _text.Length && (char.IsLetterOrDigit(_text[_index]) || _text[_index] == '_'))
            {
                _index++;
            }

            return new Token(TokenKind.Identifier, _text[begin.._index].TrimStart('@'), null, start);
        }

        if (char.IsDigit(c) || (c == '.' && _index + 1 < _text.Length && char.IsDigit(_text[_index + 1])))
        {
            return ReadNumber(start);
        }

        if (c is '"' or '\'')
        {
            return ReadString(c, start);
        }

        foreach (var symbol in Symbols)
        {
            if (string.CompareOrdinal(_text, _index, symbol, 0, symbol.Length) == 0)
            {
                _index += symbol.Length;
                return new Token(TokenKind.Symbol, symbol, null, start);
            }
        }

        if (c is '&' or '|')
        {
            // A single & or | means the same as && or || in Dynamic LINQ rule files written for booleans.
            _index++;
            return new Token(TokenKind.Symbol, c == '&' ? "&&" : "||", null, start);
        }

        throw new ExpressionException(ExpressionErrorKind.Parse, $"unexpected character '{c}'", start.Line, start.Column);
    }

    private void SkipWhitespace()
    {
        while (_index < _text.Length && char.IsWhiteSpace(_text[_index]))
        {
            if (_text[_index] == '\n')
            {
                _line++;
                _lineStart = _index + 1;
            }

            _index++;
        }
    }

    private Token ReadNumber(TextPosition start)
    {
        var begin = _index;
        var isReal = false;
        while (_index < _text.Length && char.IsDigit(_text[_index]))
        {
            _index++;
        }

        if (_index + 1 < _text.Length && _text[_index] == '.' && char.IsDigit(_text[_index + 1]))
        {
            isReal = true;
            _index++;
            while (_index < _text.Length && char.IsDigit(_text[_index]))
            {
                _index++;
            }
        }

        if (_index < _text.Length && _text[_index] is 'e' or 'E')
        {
            var save = _index;
            _index++;
            if (_index < _text.Length && _text[_index] is '+' or '-')
            {
                _index++;
            }

            if (_index < _text.Length && char.IsDigit(_text[_index]))
            {
                isReal = true;
                while (_index < _text.Length && char.IsDigit(_text[_index]))
                {
                    _index++;
                }
            }
            else
            {
                _index = save;
            }
        }

        var digits = _text[begin.._index];
        var suffixStart = _index;
        while (_index < _text.Length && char.IsLetter(_text[_index]))
        {
            _index++;
        }

        var suffix = _text[suffixStart.._index].ToUpperInvariant();
        var text = _text[begin.._index];
        var value = ParseNumber(digits, suffix, isReal, start);
        return new Token(TokenKind.Number, text, value, start);
    }

    private static object ParseNumber(string digits, string suffix, bool isReal, TextPosition start)
    {
        var invariant = CultureInfo.InvariantCulture;
        try
        {
            switch (suffix)
            {
                case "M":
                    return decimal.Parse(digits, NumberStyles.Float, invariant);
                case "D":
                    return double.Parse(digits, NumberStyles.Float, invariant);
                case "F":
                    return float.Parse(digits, NumberStyles.Float, invariant);
                case "L" when !isReal:
                    return long.Parse(digits, invariant);
                case "U" when !isReal:
                    return uint.Parse(digits, invariant);
                case "UL" or "LU" when !isReal:
                    return ulong.Parse(digits, invariant);
                case "":
                    if (isReal)
                    {
                        return double.Parse(digits, NumberStyles.Float, invariant);
                    }

                    if (int.TryParse(digits, NumberStyles.None, invariant, out var small))
                    {
                        return small;
                    }

                    return long.TryParse(digits, NumberStyles.None, invariant, out var large)
                        ? large
                        : decimal.Parse(digits, invariant);
                default:
                    throw new ExpressionException(
                        ExpressionErrorKind.Parse,
                        $"unknown number suffix '{suffix}' in '{digits}{suffix}'; use M (decimal), D (double), F (float), L (long) or U/UL",
                        start.Line,
                        start.Column);
            }
        }
        catch (OverflowException)
        {
            throw new ExpressionException(ExpressionErrorKind.Parse, $"number '{digits}{suffix}' is out of range", start.Line, start.Column);
        }
    }

    private Token ReadString(char quote, TextPosition start)
    {
        _index++;
        var builder = new StringBuilder();
        while (true)
        {
            if (_index >= _text.Length)
            {
                throw new ExpressionException(
                    ExpressionErrorKind.Parse,
                    $"unterminated string literal; close it with {quote}",
                    start.Line,
                    start.Column);
            }

            var c = _text[_index++];
            if (c == quote)
            {
                if (_index < _text.Length && _text[_index] == quote)
                {
                    builder.Append(quote);
                    _index++;
                    continue;
                }

                break;
            }

            if (c == '\\' && _index < _text.Length)
            {
                var escaped = _text[_index++];
                builder.Append(escaped switch
                {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    '0' => '\0',
                    _ => escaped,
                });
                continue;
            }

            builder.Append(c);
        }

        var value = builder.ToString();
        return quote == '\'' && value.Length == 1
            ? new Token(TokenKind.Char, value, value[0], start)
            : new Token(TokenKind.String, value, value, start);
    }
}
