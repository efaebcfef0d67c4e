using System.Collections;
using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json.Nodes;
using OmsFlow.Expressions.Runtime;
using OmsFlow.Expressions.Syntax;

namespace OmsFlow.Expressions.Binding;

/// <summary>
/// Binds a syntax tree to a System.Linq.Expressions tree. Values of known CLR types bind statically (property reads,
/// typed arithmetic); JSON and <c>object</c> values bind to <see cref="DynamicOps"/> calls that decide at run time
/// without reflection.
/// </summary>
internal sealed partial class Binder
{
    private readonly ExpressionOptions _options;
    private readonly BindScope _scope;
    private int _nullSafeDepth;

    public Binder(ExpressionOptions options, BindScope scope)
    {
        _options = options;
        _scope = scope;
    }

    private StringComparison NameComparison => _options.IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    public Expression Bind(SyntaxNode node) => node switch
    {
        LiteralNode literal => literal.Value is null ? Expression.Constant(null, typeof(object)) : Expression.Constant(literal.Value),
        IdentifierNode identifier => BindIdentifier(identifier),
        MemberNode member => BindMember(member),
        IndexNode index => BindIndex(index),
        CallNode call => BindCall(call),
        UnaryNode unary => BindUnary(unary),
        BinaryNode binary => BindBinary(binary),
        ConditionalNode conditional => BindConditional(conditional),
        InNode inNode => BindIn(inNode),
        NewNode newNode => BindNew(newNode),
        NullPropagationNode np => BindNullPropagation(np),
        LambdaNode lambda => throw Error(lambda.Position, "a lambda (x => ...) is only allowed as an argument of a list method such as Any or Where"),
        _ => throw Error(node.Position, $"unsupported syntax {node.GetType().Name}"),
    };

    internal static ExpressionException Error(TextPosition position, string message) =>
        new(ExpressionErrorKind.Bind, message, position.Line, position.Column);

    private ConstantExpression Site(TextPosition position) =>
        Expression.Constant(new SiteInfo(position.Line, position.Column, _options.IgnoreCase));

    /// <summary>Whether values of this static type are only known at run time.</summary>
    internal static bool IsDynamic(Type type) =>
        type == typeof(object)
        || typeof(JsonNode).IsAssignableFrom(type)
        || typeof(IDictionary<string, object?>).IsAssignableFrom(type);

    internal static Expression Box(Expression expression) =>
        expression.Type == typeof(object) ? expression : Expression.Convert(expression, typeof(object));

    /// <summary>Turns a JSON-typed expression into its run-time value; other expressions are returned as they are.</summary>
    internal static Expression Normalize(Expression expression) =>
        typeof(JsonNode).IsAssignableFrom(expression.Type)
            ? Expression.Call(typeof(DynamicOps).GetMethod(nameof(DynamicOps.FromJson))!, Expression.Convert(expression, typeof(JsonNode)))
            : expression;

    private Expression BindIdentifier(IdentifierNode node)
    {
        var name = node.Name;
        var lambdaParameter = _scope.FindLambdaParameter(name, NameComparison);
        if (lambdaParameter is not null)
        {
            return lambdaParameter;
        }

        if (string.Equals(name, "it", StringComparison.OrdinalIgnoreCase) && _scope.ImplicitItem is { } item)
        {
            return item;
        }

        if (TryFindInput(name, out var input))
        {
            return input;
        }

        if (_scope.ImplicitItem is { } implicitItem)
        {
            if (IsDynamic(implicitItem.Type))
            {
                return Expression.Call(Method(nameof(DynamicOps.Member)), Box(implicitItem), Expression.Constant(name), Site(node.Position));
            }

            var member = ClrMembers.Find(implicitItem.Type, name, _options.IgnoreCase);
            if (member is not null)
            {
                return Expression.MakeMemberAccess(implicitItem, member);
            }
        }

        var fallback = _scope.Fallback?.Invoke(name, node.Position);
        if (fallback is not null)
        {
            return fallback;
        }

        var names = _scope.VisibleNames.ToList();
        var hint = Suggestions.Hint(name, names);
        var known = names.Count == 0 ? "no inputs are defined" : "known inputs: " + string.Join(", ", names);
        throw Error(node.Position, $"unknown name '{name}'{hint} ({known})");
    }

    private bool TryFindInput(string name, out Expression input)
    {
        if (_scope.Inputs.TryGetValue(name, out input!))
        {
            return true;
        }

        if (_options.IgnoreCase)
        {
            foreach (var pair in _scope.Inputs)
            {
                if (string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase))
                {
                    input = pair.Value;
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>A type named where a value is expected first (<c>Math</c> in <c>Math.Max(a, b)</c>), unless an input shadows it.</summary>
    private Type? AsTypeReference(SyntaxNode node) =>
        node is IdentifierNode identifier
        && _scope.FindLambdaParameter(identifier.Name, NameComparison) is null
        && !TryFindInput(identifier.Name, out _)
            ? TypeCatalog.Resolve(identifier.Name, _options.CustomTypes)
            : null;

    private Expression BindMember(MemberNode node)
    {
        var staticType = AsTypeReference(node.Target);
        if (staticType is not null)
        {
            return BindStaticMember(staticType, node);
        }

        var target = Bind(node.Target);
        if (_nullSafeDepth > 0)
        {
            return Expression.Call(Method(nameof(DynamicOps.MemberOrNull)), Box(target), Expression.Constant(node.Name), Site(node.Position));
        }

        if (IsDynamic(target.Type))
        {
            return Expression.Call(Method(nameof(DynamicOps.Member)), Box(Normalize(target)), Expression.Constant(node.Name), Site(node.Position));
        }

        var member = ClrMembers.Find(target.Type, node.Name, _options.IgnoreCase);
        if (member is not null)
        {
            return Normalize(Expression.MakeMemberAccess(target, member));
        }

        if (target.Type.IsArray && string.Equals(node.Name, "Count", StringComparison.OrdinalIgnoreCase))
        {
            return Expression.ArrayLength(target);
        }

        var owner = node.Target is IdentifierNode identifier ? identifier.Name : TypeNames.Of(target.Type);
        var hint = Suggestions.Hint(node.Name, ClrMembers.ReadableNames(target.Type));
        throw Error(node.Position, $"unknown member '{node.Name}' on {owner}{hint}");
    }

    private MemberExpression BindStaticMember(Type type, MemberNode node)
    {
        var flags = BindingFlags.Public | BindingFlags.Static | (_options.IgnoreCase ? BindingFlags.IgnoreCase : 0);
        MemberInfo? member = (MemberInfo?)type.GetProperty(node.Name, flags) ?? type.GetField(node.Name, flags);
        if (member is null)
        {
            var names = type.GetProperties(BindingFlags.Public | BindingFlags.Static).Select(p => p.Name)
                .Concat(type.GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => f.Name));
            throw Error(node.Position, $"unknown member '{node.Name}' on {TypeNames.Of(type)}{Suggestions.Hint(node.Name, names)}");
        }

        return Expression.MakeMemberAccess(null, member);
    }

    private Expression BindIndex(IndexNode node)
    {
        if (node.Arguments.Count != 1)
        {
            throw Error(node.Position, "an indexer takes exactly one value, as in lines[0] or data[\"key\"]");
        }

        var target = Bind(node.Target);
        var index = Bind(node.Arguments[0]);
        if (!IsDynamic(target.Type) && _nullSafeDepth == 0)
        {
            if (target.Type.IsArray && IsIntegral(index.Type))
            {
                return Normalize(Expression.ArrayIndex(target, Expression.Convert(index, typeof(int))));
            }

            var indexer = target.Type.GetProperties()
                .FirstOrDefault(p => p.GetIndexParameters() is [var parameter] && parameter.ParameterType.IsAssignableFrom(index.Type));
            if (indexer is not null)
            {
                return Normalize(Expression.MakeIndex(target, indexer, [index]));
            }
        }

        return Expression.Call(Method(nameof(DynamicOps.Index)), Box(Normalize(target)), Box(index), Site(node.Position));
    }

    private static bool IsIntegral(Type type) => type == typeof(int) || type == typeof(long) || type == typeof(short);

    private Expression BindNullPropagation(NullPropagationNode node)
    {
        _nullSafeDepth++;
        Expression path;
        try
        {
            path = Box(Bind(node.Path));
        }
        finally
        {
            _nullSafeDepth--;
        }

        return node.Fallback is null
            ? path
            : Expression.Call(Method(nameof(DynamicOps.Coalesce)), path, Box(Bind(node.Fallback)));
    }

    private NewArrayExpression BindNewValues(IEnumerable<SyntaxNode> nodes) =>
        Expression.NewArrayInit(typeof(object), nodes.Select(n => Box(Bind(n))));

    private MethodCallExpression BindNew(NewNode node) =>
        Expression.Call(
            Method(nameof(DynamicOps.NewObject)),
            Expression.Constant(node.Members.Select(m => m.Name).ToArray()),
            BindNewValues(node.Members.Select(m => m.Value)));

    internal static MethodInfo Method(string name) =>
        typeof(DynamicOps).GetMethod(name, BindingFlags.Public | BindingFlags.Static)
        ?? throw new InvalidOperationException($"DynamicOps.{name} is missing");

    /// <summary>The element type when <paramref name="type"/> is a list (strings are not lists here).</summary>
    internal static Type? ElementType(Type type)
    {
        if (type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type))
        {
            return null;
        }

        if (type.IsArray)
        {
            return type.GetElementType();
        }

        var enumerable = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>)
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return enumerable?.GetGenericArguments()[0] ?? typeof(object);
    }
}
