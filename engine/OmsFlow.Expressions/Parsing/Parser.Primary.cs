using OmsFlow.Expressions.Syntax;

namespace OmsFlow.Expressions.Parsing;

/// <summary>Primary expressions: literals, names, functions (iif, np, new, conversions), member access, indexers and calls.</summary>
public sealed partial class Parser
{
    private SyntaxNode ParsePostfix(SyntaxNode node)
    {
        while (true)
        {
            if (Current.IsSymbol("."))
            {
                _index++;
                var name = Current;
                if (name.Kind != TokenKind.Identifier)
                {
                    throw Error(name, $"expected a member name after '.' but found {name.Describe()}");
                }

                _index++;
                node = Current.IsSymbol("(")
                    ? new CallNode(name.Position, node, name.Text, ParseArguments(")"))
                    : new MemberNode(name.Position, node, name.Text);
                continue;
            }

            if (Current.IsSymbol("["))
            {
                var open = Current;
                node = new IndexNode(open.Position, node, ParseArguments("]"));
                continue;
            }

            return node;
        }
    }

    private List<SyntaxNode> ParseArguments(string close)
    {
        var open = Advance();
        var arguments = new List<SyntaxNode>();
        if (Current.IsSymbol(close))
        {
            _index++;
            return arguments;
        }

        arguments.Add(ParseExpression());
        while (Current.IsSymbol(","))
        {
            _index++;
            arguments.Add(ParseExpression());
        }

        Expect(close, $"to close the '{open.Text}' opened at {open.Position}");
        return arguments;
    }

    private SyntaxNode ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Number:
            case TokenKind.String:
            case TokenKind.Char:
                _index++;
                return new LiteralNode(token.Position, token.Value);
            case TokenKind.Identifier:
                return ParseIdentifier();
            case TokenKind.Symbol when token.Text == "(":
                _index++;
                var inner = ParseExpression();
                Expect(")", $"to close the '(' opened at {token.Position}");
                return inner;
            case TokenKind.End:
                throw Error(token, "the expression ends too early; a value is missing");
            default:
                throw Error(token, $"expected a value but found {token.Describe()}");
        }
    }

    private SyntaxNode ParseIdentifier()
    {
        var token = Advance();
        var isCall = Current.IsSymbol("(");
        switch (token.Text.ToLowerInvariant())
        {
            case "true":
                return new LiteralNode(token.Position, true);
            case "false":
                return new LiteralNode(token.Position, false);
            case "null":
                return new LiteralNode(token.Position, null);
            case "new" when isCall:
                return ParseNew(token);
            case "iif" when isCall:
                var iifArguments = ParseArguments(")");
                if (iifArguments.Count != 3)
                {
                    throw Error(token, $"iif takes 3 arguments (condition, whenTrue, whenFalse) but got {iifArguments.Count}");
                }

                return new ConditionalNode(token.Position, iifArguments[0], iifArguments[1], iifArguments[2]);
            case "np" when isCall:
                var npArguments = ParseArguments(")");
                if (npArguments.Count is < 1 or > 2)
                {
                    throw Error(token, $"np takes a member path and an optional fallback but got {npArguments.Count} arguments");
                }

                return new NullPropagationNode(token.Position, npArguments[0], npArguments.Count == 2 ? npArguments[1] : null);
        }

        return isCall
            ? new CallNode(token.Position, null, token.Text, ParseArguments(")"))
            : new IdentifierNode(token.Position, token.Text);
    }

    private NewNode ParseNew(Token token)
    {
        _index++;
        var members = new List<NewMember>();
        do
        {
            if (Current.IsSymbol(")") && members.Count == 0)
            {
                break;
            }

            var value = ParseExpression();
            string name;
            if (Current.IsKeyword("as"))
            {
                _index++;
                var alias = Advance();
                if (alias.Kind != TokenKind.Identifier)
                {
                    throw Error(alias, $"expected a member name after 'as' but found {alias.Describe()}");
                }

                name = alias.Text;
            }
            else
            {
                name = value switch
                {
                    IdentifierNode identifier => identifier.Name,
                    MemberNode member => member.Name,
                    _ => throw Error(Current, "name this member with 'as', for example new (a.b * 2 as Total)"),
                };
            }

            members.Add(new NewMember(name, value));
        }
        while (Current.IsSymbol(",") && Advance().Kind == TokenKind.Symbol);

        Expect(")", $"to close 'new (' opened at {token.Position}");
        return new NewNode(token.Position, members);
    }
}
