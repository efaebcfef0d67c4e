using System.Linq.Expressions;
using System.Reflection;
using OmsFlow.Expressions.Runtime;
using OmsFlow.Expressions.Syntax;

namespace OmsFlow.Expressions.Binding;

internal sealed partial class Binder
{
    private static readonly HashSet<string> PredicateMethods = new(StringComparer.OrdinalIgnoreCase)
    {
        "Any", "All", "Where", "Count", "First", "FirstOrDefault", "Last", "LastOrDefault",
    };

    private static readonly HashSet<string> SelectorMethods = new(StringComparer.OrdinalIgnoreCase)
    {
        "Select", "Sum", "Average", "Min", "Max", "OrderBy", "OrderByDescending",
    };

    private static readonly HashSet<string> PlainSequenceMethods = new(StringComparer.OrdinalIgnoreCase)
    {
        "Take", "Skip", "Distinct", "Contains", "ToList", "ToArray",
    };

    private static bool IsSequenceMethod(string name) =>
        PredicateMethods.Contains(name) || SelectorMethods.Contains(name) || PlainSequenceMethods.Contains(name);

    private Expression BindCall(CallNode node)
    {
        if (node.Target is null)
        {
            return BindFunction(node);
        }

        var staticType = AsTypeReference(node.Target);
        if (staticType is not null)
        {
            var methods = staticType.GetMethods(BindingFlags.Public | BindingFlags.Static)
                .Where(m => !m.IsSpecialName && !m.IsGenericMethodDefinition && !TypeCatalog.IsForbiddenMethod(m));
            return BindMethod(staticType, null, methods, node);
        }

        var target = Normalize(Bind(node.Target));
        if (IsDynamic(target.Type))
        {
            if (string.Equals(node.Name, "Contains", StringComparison.OrdinalIgnoreCase) && node.Arguments.Count == 1)
            {
                return Expression.Call(Method(nameof(DynamicOps.Contains)), Box(target), Box(Normalize(Bind(node.Arguments[0]))), Site(node.Position));
            }

            if (IsSequenceMethod(node.Name))
            {
                var items = Expression.Call(Method(nameof(DynamicOps.AsSequence)), Box(target), Site(node.Position));
                return BindSequenceCall(items, typeof(object), node);
            }

            return Expression.Call(
                Method(nameof(DynamicOps.Call)),
                Box(target),
                Expression.Constant(node.Name),
                BindNewValues(node.Arguments),
                Site(node.Position));
        }

        var elementType = ElementType(target.Type);
        if (elementType is not null && IsSequenceMethod(node.Name))
        {
            return BindSequenceCall(Expression.Convert(target, typeof(IEnumerable<>).MakeGenericType(elementType)), elementType, node);
        }

        if (!TypeCatalog.IsCallable(target.Type))
        {
            throw Error(node.Position, $"methods of {TypeNames.Of(target.Type)} cannot be called from an expression; register the type as a custom type to allow it");
        }

        return BindMethod(target.Type, target, DynamicOps.MethodsOf(target.Type), node);
    }

    private Expression BindMethod(Type type, Expression? target, IEnumerable<MethodInfo> candidates, CallNode node)
    {
        var arguments = node.Arguments.Select(a => Normalize(Bind(a))).ToList();
        var argumentTypes = arguments.Select(a => a.Type == typeof(object) ? null : a.Type).ToList();
        var all = candidates.ToList();
        var method = DynamicOps.ChooseOverload(all, node.Name, _options.IgnoreCase, argumentTypes);
        if (method is null)
        {
            var sameName = all.Where(m => string.Equals(m.Name, node.Name, StringComparison.OrdinalIgnoreCase)).ToList();
            var message = sameName.Count > 0
                ? $"no overload of {TypeNames.Of(type)}.{sameName[0].Name} takes ({string.Join(", ", arguments.Select(a => TypeNames.Of(a.Type)))})"
                : $"{TypeNames.Of(type)} has no method '{node.Name}'{Suggestions.Hint(node.Name, all.Select(m => m.Name).Distinct())}";
            throw Error(node.Position, message);
        }

        var parameters = method.GetParameters();
        var converted = arguments.Select((argument, i) => ConvertArgument(argument, parameters[i].ParameterType, node.Arguments[i].Position));
        var call = Expression.Call(target, method, converted);
        return method.ReturnType == typeof(void) ? Expression.Block(call, Expression.Constant(null, typeof(object))) : Normalize(call);
    }

    private Expression ConvertArgument(Expression argument, Type parameterType, TextPosition position)
    {
        if (argument.Type == parameterType)
        {
            return argument;
        }

        if (argument.Type == typeof(object) || argument.Type == typeof(string) && parameterType == typeof(char))
        {
            return Expression.Convert(
                Expression.Call(Method(nameof(DynamicOps.ConvertTo)), Box(argument), Expression.Constant(parameterType), Site(position)),
                parameterType);
        }

        return Expression.Convert(argument, parameterType);
    }

    private Expression BindFunction(CallNode node)
    {
        var type = TypeCatalog.Resolve(node.Name, []);
        if (type is null || type == typeof(Math) || type == typeof(Convert))
        {
            var hint = Suggestions.Hint(node.Name, TypeCatalog.Names.Concat(["iif", "np", "new"]));
            throw Error(node.Position, $"unknown function '{node.Name}'{hint}; functions are iif, np, new and conversions such as int(x), decimal(x), String(x)");
        }

        if (node.Arguments.Count != 1)
        {
            throw Error(node.Position, $"the conversion {node.Name}(value) takes exactly one value");
        }

        var argument = Normalize(Bind(node.Arguments[0]));
        if (type == typeof(string))
        {
            return Expression.Call(Method(nameof(DynamicOps.ToText)), Box(argument));
        }

        if (NumericRank(argument.Type) >= 0 && NumericRank(type) >= 0)
        {
            return Expression.Convert(argument, type);
        }

        return Expression.Convert(
            Expression.Call(Method(nameof(DynamicOps.ConvertTo)), Box(argument), Expression.Constant(type), Site(node.Position)),
            type);
    }

    private Expression BindSequenceCall(Expression source, Type elementType, CallNode node)
    {
        var name = node.Name;
        var arguments = new List<Expression> { source };
        var genericArguments = new List<Type> { elementType };
        if (node.Arguments.Count > 1)
        {
            throw Error(node.Position, $"{name} takes at most one argument here");
        }

        if (node.Arguments.Count == 1)
        {
            var argument = node.Arguments[0];
            if (PredicateMethods.Contains(name))
            {
                arguments.Add(BindLambda(argument, elementType, asCondition: true));
            }
            else if (SelectorMethods.Contains(name))
            {
                var selector = BindLambda(argument, elementType, asCondition: false);
                genericArguments.Add(selector.ReturnType);
                arguments.Add(selector);
            }
            else if (string.Equals(name, "Contains", StringComparison.OrdinalIgnoreCase))
            {
                arguments.Add(Box(Normalize(Bind(argument))));
            }
            else
            {
                arguments.Add(ConvertArgument(Normalize(Bind(argument)), typeof(int), argument.Position));
            }
        }

        var lookup = string.Equals(name, "ToArray", StringComparison.OrdinalIgnoreCase) ? "ToList" : name;
        var method = typeof(SequenceOps).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => string.Equals(m.Name, lookup, StringComparison.OrdinalIgnoreCase) && m.GetGenericArguments().Length == genericArguments.Count)
            .FirstOrDefault(m => m.GetParameters().Count(p => p.ParameterType != typeof(SiteInfo)) == arguments.Count)
            ?? throw Error(node.Position, $"{name} does not take {node.Arguments.Count} argument(s) here");
        var generic = method.MakeGenericMethod([.. genericArguments]);
        if (generic.GetParameters()[^1].ParameterType == typeof(SiteInfo))
        {
            arguments.Add(Site(node.Position));
        }

        return Normalize(Expression.Call(generic, arguments));
    }

    /// <summary>Binds <c>x => body</c>, or any other expression as a lambda over the implicit <c>it</c>.</summary>
    private LambdaExpression BindLambda(SyntaxNode node, Type elementType, bool asCondition)
    {
        var parameter = Expression.Parameter(elementType, node is LambdaNode { Parameters: [var single] } ? single : "it");
        if (node is LambdaNode lambda)
        {
            if (lambda.Parameters.Count != 1)
            {
                throw Error(lambda.Position, "list methods take a lambda with one parameter, as in l => l.Qty > 5");
            }

            _scope.PushLambdaParameter(lambda.Parameters[0], parameter);
            try
            {
                return MakeLambda(lambda.Body);
            }
            finally
            {
                _scope.PopLambdaParameter();
            }
        }

        _scope.PushImplicitItem(parameter);
        try
        {
            return MakeLambda(node);
        }
        finally
        {
            _scope.PopImplicitItem();
        }

        LambdaExpression MakeLambda(SyntaxNode body)
        {
            var bound = asCondition ? BindCondition(body) : Normalize(Bind(body));
            return Expression.Lambda(bound, parameter);
        }
    }
}
