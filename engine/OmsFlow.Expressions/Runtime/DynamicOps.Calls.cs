using System.Collections.Concurrent;
using System.Reflection;
using LinqExpression = System.Linq.Expressions.Expression;

namespace OmsFlow.Expressions.Runtime;

public static partial class DynamicOps
{
    private static readonly ConcurrentDictionary<CallKey, Func<object, object?[], object?>?> Invokers = new();

    private readonly record struct CallKey(Type Target, string Name, bool IgnoreCase, Type? Arg0, Type? Arg1, Type? Arg2, int Count);

    /// <summary>
    /// Calls an instance method chosen by the run-time types of the target and arguments (a JSON string's
    /// <c>StartsWith</c>, say). Only methods of whitelisted types are callable; the chosen method is compiled once
    /// per type signature and cached.
    /// </summary>
    public static object? Call(object? target, string name, object?[] arguments, SiteInfo site)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(site);
        if (target is null)
        {
            throw site.Error($"cannot call '{name}' because the value before it is null; use np(...) or ?? where values may be missing");
        }

        var type = target.GetType();
        if (!TypeCatalog.IsCallable(type))
        {
            throw site.Error($"methods of {TypeNames.Of(type)} cannot be called from an expression");
        }

        var key = new CallKey(
            type,
            name,
            site.IgnoreCase,
            arguments.Length > 0 ? arguments[0]?.GetType() : null,
            arguments.Length > 1 ? arguments[1]?.GetType() : null,
            arguments.Length > 2 ? arguments[2]?.GetType() : null,
            arguments.Length);
        var invoker = arguments.Length <= 3
            ? Invokers.GetOrAdd(key, static k => BuildInvoker(k.Target, k.Name, k.IgnoreCase, new[] { k.Arg0, k.Arg1, k.Arg2 }[..k.Count]))
            : BuildInvoker(type, name, site.IgnoreCase, arguments.Select(a => a?.GetType()).ToArray());
        if (invoker is null)
        {
            var names = MethodsOf(type).Select(m => m.Name).Distinct();
            throw site.Error($"{TypeNames.Of(type)} has no method '{name}' taking {arguments.Length} argument(s){Suggestions.Hint(name, names)}");
        }

        try
        {
            return invoker(target, arguments);
        }
        catch (Exception exception) when (exception is not ExpressionException)
        {
            throw site.Error($"'{name}' failed: {exception.Message}", exception);
        }
    }

    internal static IEnumerable<MethodInfo> MethodsOf(Type type) =>
        type.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => !m.IsSpecialName && !m.IsGenericMethodDefinition && !TypeCatalog.IsForbiddenMethod(m));

    /// <summary>Picks the overload whose parameters best accept the given argument types (null means any reference type).</summary>
    public static MethodInfo? ChooseOverload(IEnumerable<MethodInfo> candidates, string name, bool ignoreCase, IReadOnlyList<Type?> argumentTypes)
    {
        ArgumentNullException.ThrowIfNull(argumentTypes);
        var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        MethodInfo? best = null;
        var bestScore = int.MaxValue;
        foreach (var method in candidates)
        {
            var parameters = method.GetParameters();
            if (!string.Equals(method.Name, name, comparison) || parameters.Length != argumentTypes.Count)
            {
                continue;
            }

            var score = 0;
            for (var i = 0; i < parameters.Length && score < int.MaxValue; i++)
            {
                score = Add(score, ArgumentCost(argumentTypes[i], parameters[i].ParameterType));
            }

            if (score < bestScore)
            {
                best = method;
                bestScore = score;
            }
        }

        return best;

        static int Add(int a, int b) => b == int.MaxValue ? int.MaxValue : a + b;
    }

    private static int ArgumentCost(Type? argument, Type parameter)
    {
        if (argument is null || argument == typeof(object))
        {
            // Unknown at bind time (JSON or null): any parameter may receive it after conversion.
            return parameter == typeof(object) ? 1 : parameter == typeof(string) ? 2 : 3;
        }

        if (parameter == argument)
        {
            return 0;
        }

        if (parameter.IsAssignableFrom(argument))
        {
            return 1;
        }

        var numeric = new[] { typeof(int), typeof(long), typeof(float), typeof(double), typeof(decimal) };
        var from = Array.IndexOf(numeric, argument);
        var to = Array.IndexOf(numeric, Nullable.GetUnderlyingType(parameter) ?? parameter);
        if (from >= 0 && to >= from)
        {
            return 2 + to - from;
        }

        return argument == typeof(string) && parameter == typeof(char) ? 10 : int.MaxValue;
    }

    private static Func<object, object?[], object?>? BuildInvoker(Type type, string name, bool ignoreCase, Type?[] argumentTypes)
    {
        var method = ChooseOverload(MethodsOf(type), name, ignoreCase, argumentTypes);
        if (method is null)
        {
            return null;
        }

        var target = LinqExpression.Parameter(typeof(object), "target");
        var arguments = LinqExpression.Parameter(typeof(object?[]), "arguments");
        var site = LinqExpression.Constant(new SiteInfo(0, 0, ignoreCase));
        var convertTo = typeof(DynamicOps).GetMethod(nameof(ConvertTo))!;
        var parameters = method.GetParameters();
        var callArguments = parameters.Select((p, i) => (LinqExpression)LinqExpression.Convert(
            LinqExpression.Call(convertTo, LinqExpression.ArrayIndex(arguments, LinqExpression.Constant(i)), LinqExpression.Constant(p.ParameterType), site),
            p.ParameterType));
        LinqExpression call = LinqExpression.Call(LinqExpression.Convert(target, type), method, callArguments);
        call = method.ReturnType == typeof(void)
            ? LinqExpression.Block(call, LinqExpression.Constant(null, typeof(object)))
            : LinqExpression.Convert(call, typeof(object));
        return LinqExpression.Lambda<Func<object, object?[], object?>>(call, target, arguments).Compile();
    }
}
