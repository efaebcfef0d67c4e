using System.Reflection;

namespace OmsFlow.Expressions.Runtime;

/// <summary>Finds readable properties and fields of CLR types at bind time (never per call).</summary>
public static class ClrMembers
{
    public static MemberInfo? Find(Type type, string name, bool ignoreCase)
    {
        ArgumentNullException.ThrowIfNull(type);
        var flags = BindingFlags.Public | BindingFlags.Instance | (ignoreCase ? BindingFlags.IgnoreCase : 0);
        var property = FindProperty(type, name, flags);
        if (property is not null)
        {
            return property;
        }

        return type.GetField(name, flags);
    }

    private static PropertyInfo? FindProperty(Type type, string name, BindingFlags flags)
    {
        try
        {
            var property = type.GetProperty(name, flags);
            return property is { CanRead: true } && property.GetIndexParameters().Length == 0 ? property : null;
        }
        catch (AmbiguousMatchException)
        {
            // 'new' re-declarations and case-only differences: prefer the exact spelling, then the most derived type.
            return type.GetProperties(flags)
                .Where(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase) && p.GetIndexParameters().Length == 0)
                .OrderByDescending(p => p.Name == name)
                .ThenByDescending(p => p.DeclaringType == type)
                .FirstOrDefault();
        }
    }

    public static IEnumerable<string> ReadableNames(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0)
            .Select(p => p.Name)
            .Concat(type.GetFields(BindingFlags.Public | BindingFlags.Instance).Select(f => f.Name));
    }
}
