namespace OmsFlow.Expressions.Syntax;

/// <summary>A node of the expression syntax tree; every node knows where it starts in the text.</summary>
public abstract record SyntaxNode(TextPosition Position);

/// <summary>A constant: number, string, char, boolean or null.</summary>
public sealed record LiteralNode(TextPosition Position, object? Value) : SyntaxNode(Position);

/// <summary>A bare name: an input, a lambda parameter, a member of the implicit <c>it</c>, or a type name.</summary>
public sealed record IdentifierNode(TextPosition Position, string Name) : SyntaxNode(Position);

/// <summary><c>target.Name</c>.</summary>
public sealed record MemberNode(TextPosition Position, SyntaxNode Target, string Name) : SyntaxNode(Position);

/// <summary><c>target[arguments]</c>.</summary>
public sealed record IndexNode(TextPosition Position, SyntaxNode Target, IReadOnlyList<SyntaxNode> Arguments) : SyntaxNode(Position);

/// <summary><c>target.Name(arguments)</c>, or a function such as <c>iif(...)</c> when <see cref="Target"/> is null.</summary>
public sealed record CallNode(TextPosition Position, SyntaxNode? Target, string Name, IReadOnlyList<SyntaxNode> Arguments) : SyntaxNode(Position);

/// <summary>A prefix operator.</summary>
public sealed record UnaryNode(TextPosition Position, UnaryOperator Operator, SyntaxNode Operand) : SyntaxNode(Position);

/// <summary>An infix operator.</summary>
public sealed record BinaryNode(TextPosition Position, BinaryOperator Operator, SyntaxNode Left, SyntaxNode Right) : SyntaxNode(Position);

/// <summary><c>test ? whenTrue : whenFalse</c> and <c>iif(test, whenTrue, whenFalse)</c>.</summary>
public sealed record ConditionalNode(TextPosition Position, SyntaxNode Test, SyntaxNode WhenTrue, SyntaxNode WhenFalse) : SyntaxNode(Position);

/// <summary><c>x => body</c> or <c>(x, y) => body</c>.</summary>
public sealed record LambdaNode(TextPosition Position, IReadOnlyList<string> Parameters, SyntaxNode Body) : SyntaxNode(Position);

/// <summary><c>value in (a, b, c)</c>.</summary>
public sealed record InNode(TextPosition Position, SyntaxNode Value, IReadOnlyList<SyntaxNode> Candidates) : SyntaxNode(Position);

/// <summary><c>new (a as X, b)</c>: an object whose members are named by <c>as</c> or by the member read.</summary>
public sealed record NewNode(TextPosition Position, IReadOnlyList<NewMember> Members) : SyntaxNode(Position);

/// <summary>One member of a <see cref="NewNode"/>.</summary>
public sealed record NewMember(string Name, SyntaxNode Value);

/// <summary><c>np(path[, fallback])</c>: reads a member path, giving null (or the fallback) when any link is null.</summary>
public sealed record NullPropagationNode(TextPosition Position, SyntaxNode Path, SyntaxNode? Fallback) : SyntaxNode(Position);

public enum UnaryOperator
{
    Not,
    Negate,
    Plus,
}

public enum BinaryOperator
{
    OrElse,
    AndAlso,
    Equal,
    NotEqual,
    LessThan,
    LessThanOrEqual,
    GreaterThan,
    GreaterThanOrEqual,
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
    Coalesce,
}
