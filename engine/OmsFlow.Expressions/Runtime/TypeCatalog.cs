using System.Collections.Concurrent;

namespace OmsFlow.Expressions.Runtime;

/// <summary>
/// The only types an expression may name or call methods on: primitives, strings, dates, Math, Convert,
/// and the input types (plus custom types the host registers). Nothing from System.IO, reflection or processes.
/// </summary>
public static class TypeCatalog
{
    private static readonly Dictionary<string, Type> BuiltInNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["int"] = typeof(int),
        ["Int32"] = typeof(int),
        ["long"] = typeof(long),
        ["Int64"] = typeof(long),
        ["short"] = typeof(short),
        ["Int16"] = typeof(short),
        ["byte"] = typeof(byte),
        ["decimal"] = typeof(decimal),
        ["double"] = typeof(double),
        ["float"] = typeof(float),
        ["Single"] = typeof(float),
        ["bool"] = typeof(bool),
        ["Boolean"] = typeof(bool),
        ["char"] = typeof(char),
        ["string"] = typeof(string),
        ["object"] = typeof(object),
        ["DateTime"] = typeof(DateTime),
        ["DateTimeOffset"] = typeof(DateTimeOffset),
        ["DateOnly"] = typeof(DateOnly),
        ["TimeOnly"] = typeof(TimeOnly),
        ["TimeSpan"] = typeof(TimeSpan),
        ["Guid"] = typeof(Guid),
        ["Math"] = typeof(Math),
        ["Convert"] = typeof(Convert),
        ["StringComparison"] = typeof(StringComparison),
    };

    private static readonly HashSet<Type> SafeTypes =
    [
        .. BuiltInNames.Values,
        typeof(sbyte), typeof(ushort), typeof(uint), typeof(ulong),
        // Read-only JSON values: RulesEngine rule files call GetProperty/GetString on JsonElement inputs.
        typeof(System.Text.Json.JsonElement),
    ];

    private static readonly ConcurrentDictionary<Type, bool> RegisteredTypes = new();

    /// <summary>The built-in type named <paramref name="name"/> (case-insensitive), or a registered custom type by its simple name.</summary>
    public static Type? Resolve(string name, IReadOnlyCollection<Type> customTypes)
    {
        ArgumentNullException.ThrowIfNull(customTypes);
        if (BuiltInNames.TryGetValue(name, out var type))
        {
            return type;
        }

        return customTypes.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Every name <see cref="Resolve"/> knows, for hints.</summary>
    public static IEnumerable<string> Names => BuiltInNames.Keys;

    /// <summary>Marks a host type (an input type or a ReSettings custom type) as callable.</summary>
    public static void Allow(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (!IsDangerous(type))
        {
            RegisteredTypes.TryAdd(type, true);
        }
    }

    /// <summary>Whether methods declared on <paramref name="type"/> may be called.</summary>
    public static bool IsCallable(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return SafeTypes.Contains(underlying) || underlying.IsEnum || RegisteredTypes.ContainsKey(underlying);
    }

    private static bool IsDangerous(Type type)
    {
        var space = type.Namespace ?? string.Empty;
        return space.StartsWith("System.IO", StringComparison.Ordinal)
            || space.StartsWith("System.Reflection", StringComparison.Ordinal)
            || space.StartsWith("System.Diagnostics", StringComparison.Ordinal)
            || space.StartsWith("System.Net", StringComparison.Ordinal)
            || space.StartsWith("System.Runtime", StringComparison.Ordinal)
            || type == typeof(Type) || type == typeof(AppDomain) || type == typeof(Environment) || type == typeof(Activator)
            || typeof(Delegate).IsAssignableFrom(type);
    }

    /// <summary>Methods that are never callable even on allowed types (they reach reflection or the type system).</summary>
    public static bool IsForbiddenMethod(System.Reflection.MethodInfo method)
    {
        ArgumentNullException.ThrowIfNull(method);
        return method.Name is "GetType" or "MemberwiseClone" or "Finalize" or "GetTypeCode"
            || method.ReturnType == typeof(Type)
            || method.GetParameters().Any(p => p.ParameterType == typeof(Type) || typeof(Delegate).IsAssignableFrom(p.ParameterType));
    }
}
