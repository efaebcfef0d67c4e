using System.Globalization;

namespace OmsFlow.Expressions.Syntax;

/// <summary>Writes a syntax tree back as expression text (fully parenthesised where precedence matters).</summary>
public static class SyntaxPrinter
{
    public static string Print(SyntaxNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node switch
        {
            LiteralNode { Value: null } => "null",
            LiteralNode { Value: string s } => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
            LiteralNode { Value: char c } => "'" + c + "'",
            LiteralNode { Value: bool b } => b ? "true" : "false",
            LiteralNode { Value: decimal m } => m.ToString(CultureInfo.InvariantCulture) + "M",
            LiteralNode { Value: long l } => l.ToString(CultureInfo.InvariantCulture) + "L",
            LiteralNode { Value: float f } => f.ToString(CultureInfo.InvariantCulture) + "F",
            LiteralNode { Value: double d } => d.ToString("R", CultureInfo.InvariantCulture) + (d % 1 == 0 ? "D" : string.Empty),
            LiteralNode literal => Convert.ToString(literal.Value, CultureInfo.InvariantCulture) ?? "null",
            IdentifierNode identifier => identifier.Name,
            MemberNode member => Print(member.Target) + "." + member.Name,
            IndexNode index => Print(index.Target) + "[" + string.Join(", ", index.Arguments.Select(Print)) + "]",
            CallNode call => (call.Target is null ? string.Empty : Print(call.Target) + ".") + call.Name + "(" + string.Join(", ", call.Arguments.Select(Print)) + ")",
            UnaryNode unary => (unary.Operator switch { UnaryOperator.Not => "!", UnaryOperator.Negate => "-", _ => "+" }) + Group(unary.Operand),
            BinaryNode binary => Group(binary.Left) + " " + Symbol(binary.Operator) + " " + Group(binary.Right),
            ConditionalNode conditional => Group(conditional.Test) + " ? " + Group(conditional.WhenTrue) + " : " + Group(conditional.WhenFalse),
            LambdaNode lambda => (lambda.Parameters.Count == 1 ? lambda.Parameters[0] : "(" + string.Join(", ", lambda.Parameters) + ")") + " => " + Print(lambda.Body),
            InNode inNode => Group(inNode.Value) + " in (" + string.Join(", ", inNode.Candidates.Select(Print)) + ")",
            NewNode newNode => "new (" + string.Join(", ", newNode.Members.Select(m => Print(m.Value) + " as " + m.Name)) + ")",
            NullPropagationNode np => "np(" + Print(np.Path) + (np.Fallback is null ? string.Empty : ", " + Print(np.Fallback)) + ")",
            _ => node.ToString(),
        };
    }

    private static string Group(SyntaxNode node) =>
        node is BinaryNode or ConditionalNode or InNode or LambdaNode ? "(" + Print(node) + ")" : Print(node);

    private static string Symbol(BinaryOperator op) => op switch
    {
        BinaryOperator.OrElse => "||",
        BinaryOperator.AndAlso => "&&",
        BinaryOperator.Equal => "==",
        BinaryOperator.NotEqual => "!=",
        BinaryOperator.LessThan => "<",
        BinaryOperator.LessThanOrEqual => "<=",
        BinaryOperator.GreaterThan => ">",
        BinaryOperator.GreaterThanOrEqual => ">=",
        BinaryOperator.Add => "+",
        BinaryOperator.Subtract => "-",
        BinaryOperator.Multiply => "*",
        BinaryOperator.Divide => "/",
        BinaryOperator.Modulo => "%",
        _ => "??",
    };
}
