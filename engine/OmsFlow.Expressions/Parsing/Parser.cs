using OmsFlow.Expressions.Syntax;

namespace OmsFlow.Expressions.Parsing;

/// <summary>
/// Recursive-descent parser for the RulesEngine / Dynamic LINQ syntax.
/// Precedence, lowest first: <c>?:</c>, <c>??</c>, <c>|| or</c>, <c>&amp;&amp; and</c>, comparisons and <c>in</c>,
/// <c>+ -</c>, <c>* / %</c>, prefix <c>! not -</c>, then member access, indexers and calls.
/// </summary>
public sealed partial class Parser
{
    private readonly List<Token> _tokens;
    private int _index;

    private Parser(List<Token> tokens) => _tokens = tokens;

    private Token Current => _tokens[_index];

    /// <summary>Parses a whole expression.</summary>
    /// <exception cref="ExpressionException">The text is not a valid expression; the exception names line:column.</exception>
    public static SyntaxNode Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new Parser(Lexer.Tokenize(text));
        if (parser.Current.Kind == TokenKind.End)
        {
            throw Error(parser.Current, "the expression is empty; write a value or a condition such as input1.total > 100");
        }

        var node = parser.ParseExpression();
        if (parser.Current.Kind != TokenKind.End)
        {
            throw Error(parser.Current, $"unexpected {parser.Current.Describe()} after a complete expression; is an operator missing?");
        }

        return node;
    }

    private static ExpressionException Error(Token at, string message) =>
        new(ExpressionErrorKind.Parse, message, at.Position.Line, at.Position.Column);

    private Token Advance() => _tokens[_index++];

    private void Expect(string symbol, string context)
    {
        if (!Current.IsSymbol(symbol))
        {
            throw Error(Current, $"expected '{symbol}' {context} but found {Current.Describe()}");
        }

        _index++;
    }

    private SyntaxNode ParseExpression()
    {
        if (TryParseLambda(out var lambda))
        {
            return lambda;
        }

        return ParseConditional();
    }

    private bool TryParseLambda(out SyntaxNode lambda)
    {
        lambda = null!;
        var start = Current;
        if (Current.Kind == TokenKind.Identifier && _tokens[_index + 1].IsSymbol("=>"))
        {
            _index += 2;
            lambda = new LambdaNode(start.Position, [start.Text], ParseExpression());
            return true;
        }

        if (!Current.IsSymbol("("))
        {
            return false;
        }

        var look = _index + 1;
        var names = new List<string>();
        while (_tokens[look].Kind == TokenKind.Identifier)
        {
            names.Add(_tokens[look].Text);
            look++;
            if (_tokens[look].IsSymbol(","))
            {
                look++;
                continue;
            }

            break;
        }

        if (!_tokens[look].IsSymbol(")") || !_tokens[look + 1].IsSymbol("=>"))
        {
            return false;
        }

        _index = look + 2;
        lambda = new LambdaNode(start.Position, names, ParseExpression());
        return true;
    }

    private SyntaxNode ParseConditional()
    {
        var test = ParseCoalesce();
        if (!Current.IsSymbol("?"))
        {
            return test;
        }

        var question = Advance();
        var whenTrue = ParseExpression();
        Expect(":", "between the two branches of '? :'");
        var whenFalse = ParseExpression();
        return new ConditionalNode(question.Position, test, whenTrue, whenFalse);
    }

    private SyntaxNode ParseCoalesce()
    {
        var left = ParseOr();
        while (Current.IsSymbol("??"))
        {
            var op = Advance();
            left = new BinaryNode(op.Position, BinaryOperator.Coalesce, left, ParseOr());
        }

        return left;
    }

    private SyntaxNode ParseOr()
    {
        var left = ParseAnd();
        while (Current.IsSymbol("||") || Current.IsKeyword("or") || Current.IsKeyword("OrElse"))
        {
            var op = Advance();
            left = new BinaryNode(op.Position, BinaryOperator.OrElse, left, ParseAnd());
        }

        return left;
    }

    private SyntaxNode ParseAnd()
    {
        var left = ParseComparison();
        while (Current.IsSymbol("&&") || Current.IsKeyword("and") || Current.IsKeyword("AndAlso"))
        {
            var op = Advance();
            left = new BinaryNode(op.Position, BinaryOperator.AndAlso, left, ParseComparison());
        }

        return left;
    }

    private SyntaxNode ParseComparison()
    {
        var left = ParseAdditive();
        while (true)
        {
            var token = Current;
            if (token.IsKeyword("in"))
            {
                _index++;
                left = new InNode(token.Position, left, ParseInList());
                continue;
            }

            BinaryOperator? op = token.Kind != TokenKind.Symbol ? null : token.Text switch
            {
                "==" or "=" => BinaryOperator.Equal,
                "!=" or "<>" => BinaryOperator.NotEqual,
                "<" => BinaryOperator.LessThan,
                "<=" => BinaryOperator.LessThanOrEqual,
                ">" => BinaryOperator.GreaterThan,
                ">=" => BinaryOperator.GreaterThanOrEqual,
                _ => null,
            };
            if (op is null)
            {
                return left;
            }

            _index++;
            left = new BinaryNode(token.Position, op.Value, left, ParseAdditive());
        }
    }

    private List<SyntaxNode> ParseInList()
    {
        Expect("(", "after 'in' (write: value in (1, 2, 3))");
        var items = new List<SyntaxNode> { ParseExpression() };
        while (Current.IsSymbol(","))
        {
            _index++;
            items.Add(ParseExpression());
        }

        Expect(")", "to close the 'in' list");
        return items;
    }

    private SyntaxNode ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (Current.IsSymbol("+") || Current.IsSymbol("-"))
        {
            var op = Advance();
            var kind = op.Text == "+" ? BinaryOperator.Add : BinaryOperator.Subtract;
            left = new BinaryNode(op.Position, kind, left, ParseMultiplicative());
        }

        return left;
    }

    private SyntaxNode ParseMultiplicative()
    {
        var left = ParseUnary();
        while (true)
        {
            var token = Current;
            BinaryOperator? op = token.Kind switch
            {
                TokenKind.Symbol when token.Text == "*" => BinaryOperator.Multiply,
                TokenKind.Symbol when token.Text == "/" => BinaryOperator.Divide,
                TokenKind.Symbol when token.Text == "%" => BinaryOperator.Modulo,
                TokenKind.Identifier when token.IsKeyword("mod") => BinaryOperator.Modulo,
                _ => null,
            };
            if (op is null)
            {
                return left;
            }

            _index++;
            left = new BinaryNode(token.Position, op.Value, left, ParseUnary());
        }
    }

    private SyntaxNode ParseUnary()
    {
        var token = Current;
        if (token.IsSymbol("!") || token.IsKeyword("not"))
        {
            _index++;
            return new UnaryNode(token.Position, UnaryOperator.Not, ParseUnary());
        }

        if (token.IsSymbol("-") || token.IsSymbol("+"))
        {
            _index++;
            var operand = ParseUnary();
            if (token.Text == "+")
            {
                return new UnaryNode(token.Position, UnaryOperator.Plus, operand);
            }

            return operand is LiteralNode { Value: int or long or decimal or double or float } literal
                ? new LiteralNode(token.Position, Negate(literal.Value))
                : new UnaryNode(token.Position, UnaryOperator.Negate, operand);
        }

        return ParsePostfix(ParsePrimary());
    }

    private static object? Negate(object? value) => value switch
    {
        int i => -i,
        long l => -l,
        decimal m => -m,
        double d => -d,
        float f => -f,
        _ => value,
    };
}
