using System.Linq.Expressions;
using OmsFlow.Expressions.Runtime;
using OmsFlow.Expressions.Syntax;

namespace OmsFlow.Expressions.Binding;

internal sealed partial class Binder
{
    // Widening order for typed arithmetic; decimal sits last so decimal with double stays exact (as DynamicOps does).
    private static readonly Type[] NumericOrder = [typeof(int), typeof(long), typeof(float), typeof(double), typeof(decimal)];

    /// <summary>Binds <paramref name="node"/> as a condition: booleans as they are, anything else tested at run time.</summary>
    public Expression BindCondition(SyntaxNode node) => ToCondition(Bind(node), node.Position);

    private Expression ToCondition(Expression expression, TextPosition position)
    {
        if (expression.Type == typeof(bool))
        {
            return expression;
        }

        if (expression.Type == typeof(bool?))
        {
            return Expression.Coalesce(expression, Expression.Constant(false));
        }

        return Expression.Call(Method(nameof(DynamicOps.IsTrue)), Box(Normalize(expression)), Site(position));
    }

    private Expression BindUnary(UnaryNode node)
    {
        if (node.Operator == UnaryOperator.Not)
        {
            return Expression.Not(ToCondition(Bind(node.Operand), node.Operand.Position));
        }

        var operand = Bind(node.Operand);
        if (node.Operator == UnaryOperator.Plus)
        {
            return operand;
        }

        return NumericRank(operand.Type) >= 0
            ? Expression.Negate(operand)
            : Expression.Call(Method(nameof(DynamicOps.Negate)), Box(Normalize(operand)), Site(node.Position));
    }

    private Expression BindBinary(BinaryNode node)
    {
        switch (node.Operator)
        {
            case BinaryOperator.AndAlso:
                return Expression.AndAlso(BindCondition(node.Left), BindCondition(node.Right));
            case BinaryOperator.OrElse:
                return Expression.OrElse(BindCondition(node.Left), BindCondition(node.Right));
        }

        var left = Normalize(Bind(node.Left));
        var right = Normalize(Bind(node.Right));
        return node.Operator switch
        {
            BinaryOperator.Coalesce => BindCoalesce(left, right),
            BinaryOperator.Equal => BindEquality(left, right, negate: false),
            BinaryOperator.NotEqual => BindEquality(left, right, negate: true),
            _ => BindTypedOperator(node, left, right),
        };
    }

    private Expression BindTypedOperator(BinaryNode node, Expression left, Expression right)
    {
        if (TryPromote(ref left, ref right))
        {
            return node.Operator switch
            {
                BinaryOperator.LessThan => Expression.LessThan(left, right),
                BinaryOperator.LessThanOrEqual => Expression.LessThanOrEqual(left, right),
                BinaryOperator.GreaterThan => Expression.GreaterThan(left, right),
                BinaryOperator.GreaterThanOrEqual => Expression.GreaterThanOrEqual(left, right),
                BinaryOperator.Add => Expression.Add(left, right),
                BinaryOperator.Subtract => Expression.Subtract(left, right),
                BinaryOperator.Multiply => Expression.Multiply(left, right),
                BinaryOperator.Divide => Expression.Divide(left, right),
                _ => Expression.Modulo(left, right),
            };
        }

        if (left.Type == typeof(DateTime) && right.Type == typeof(DateTime) && IsRelational(node.Operator))
        {
            return node.Operator switch
            {
                BinaryOperator.LessThan => Expression.LessThan(left, right),
                BinaryOperator.LessThanOrEqual => Expression.LessThanOrEqual(left, right),
                BinaryOperator.GreaterThan => Expression.GreaterThan(left, right),
                _ => Expression.GreaterThanOrEqual(left, right),
            };
        }

        var name = node.Operator switch
        {
            BinaryOperator.LessThan => nameof(DynamicOps.LessThan),
            BinaryOperator.LessThanOrEqual => nameof(DynamicOps.LessThanOrEqual),
            BinaryOperator.GreaterThan => nameof(DynamicOps.GreaterThan),
            BinaryOperator.GreaterThanOrEqual => nameof(DynamicOps.GreaterThanOrEqual),
            BinaryOperator.Add => nameof(DynamicOps.Add),
            BinaryOperator.Subtract => nameof(DynamicOps.Subtract),
            BinaryOperator.Multiply => nameof(DynamicOps.Multiply),
            BinaryOperator.Divide => nameof(DynamicOps.Divide),
            _ => nameof(DynamicOps.Modulo),
        };
        if (!IsDynamic(left.Type) && !IsDynamic(right.Type) && !IsRelational(node.Operator) && node.Operator != BinaryOperator.Add
            && NumericRank(left.Type) < 0 && !IsTemporal(left.Type))
        {
            throw Error(node.Position, $"operator '{Symbol(node.Operator)}' cannot be applied to {TypeNames.Of(left.Type)} and {TypeNames.Of(right.Type)}");
        }

        return Expression.Call(Method(name), Box(left), Box(right), Site(node.Position));
    }

    private static bool IsTemporal(Type type) =>
        type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(TimeSpan)
        || type == typeof(DateTime?) || type == typeof(DateTimeOffset?) || type == typeof(TimeSpan?);

    private static bool IsRelational(BinaryOperator op) =>
        op is BinaryOperator.LessThan or BinaryOperator.LessThanOrEqual or BinaryOperator.GreaterThan or BinaryOperator.GreaterThanOrEqual;

    private static string Symbol(BinaryOperator op) => op switch
    {
        BinaryOperator.Subtract => "-",
        BinaryOperator.Multiply => "*",
        BinaryOperator.Divide => "/",
        BinaryOperator.Modulo => "%",
        _ => op.ToString(),
    };

    private static int NumericRank(Type type)
    {
        if (type == typeof(short) || type == typeof(byte) || type == typeof(sbyte) || type == typeof(ushort))
        {
            return 0;
        }

        return Array.IndexOf(NumericOrder, type);
    }

    /// <summary>Converts both sides to their common numeric type, as C# does; false when either is not a plain number.</summary>
    private static bool TryPromote(ref Expression left, ref Expression right)
    {
        var leftRank = NumericRank(left.Type);
        var rightRank = NumericRank(right.Type);
        if (leftRank < 0 || rightRank < 0)
        {
            return false;
        }

        var common = NumericOrder[Math.Max(leftRank, rightRank)];
        if (left.Type != common)
        {
            left = Expression.Convert(left, common);
        }

        if (right.Type != common)
        {
            right = Expression.Convert(right, common);
        }

        return true;
    }

    private Expression BindEquality(Expression left, Expression right, bool negate)
    {
        Expression result;
        if (TryPromote(ref left, ref right)
            || (left.Type == right.Type && (left.Type == typeof(bool) || left.Type == typeof(DateTime) || left.Type == typeof(char) || left.Type.IsEnum)))
        {
            result = Expression.Equal(left, right);
        }
        else if (left.Type == typeof(string) && right.Type == typeof(string))
        {
            result = Expression.Call(typeof(string).GetMethod(nameof(string.Equals), [typeof(string), typeof(string)])!, left, right);
        }
        else
        {
            result = Expression.Call(Method(nameof(DynamicOps.AreEqual)), Box(left), Box(right));
        }

        return negate ? Expression.Not(result) : result;
    }

    private static Expression BindCoalesce(Expression left, Expression right)
    {
        if (left.Type == right.Type && !left.Type.IsValueType)
        {
            return Expression.Coalesce(left, right);
        }

        return Expression.Call(Method(nameof(DynamicOps.Coalesce)), Box(left), Box(right));
    }

    private ConditionalExpression BindConditional(ConditionalNode node)
    {
        var test = BindCondition(node.Test);
        var whenTrue = Normalize(Bind(node.WhenTrue));
        var whenFalse = Normalize(Bind(node.WhenFalse));
        if (whenTrue.Type != whenFalse.Type)
        {
            if (!TryPromote(ref whenTrue, ref whenFalse))
            {
                whenTrue = Box(whenTrue);
                whenFalse = Box(whenFalse);
            }
        }

        return Expression.Condition(test, whenTrue, whenFalse);
    }

    private BlockExpression BindIn(InNode node)
    {
        var value = Box(Normalize(Bind(node.Value)));
        var variable = Expression.Variable(typeof(object), "value");
        Expression? test = null;
        foreach (var candidate in node.Candidates)
        {
            var equal = Expression.Call(Method(nameof(DynamicOps.AreEqual)), variable, Box(Normalize(Bind(candidate))));
            test = test is null ? equal : Expression.OrElse(test, equal);
        }

        return Expression.Block(typeof(bool), [variable], Expression.Assign(variable, value), test!);
    }
}
