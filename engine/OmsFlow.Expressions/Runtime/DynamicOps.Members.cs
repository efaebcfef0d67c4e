using System.Collections;
using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OmsFlow.Expressions.Runtime;

public static partial class DynamicOps
{
    private static readonly ConcurrentDictionary<(Type Type, string Name, bool IgnoreCase), Func<object, object?>?> MemberReaders = new();

    /// <summary>
    /// The expression-language value of a JSON node: integers become <see cref="long"/>, reals <see cref="double"/>,
    /// strings, booleans and null as they are; objects and arrays stay nodes and are read lazily.
    /// </summary>
    public static object? FromJson(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject or JsonArray:
                return node;
        }

        var value = (JsonValue)node;
        if (value.TryGetValue<JsonElement>(out var element))
        {
            // Parsed documents: read the element directly instead of probing CLR types one by one.
            return element.ValueKind switch
            {
                JsonValueKind.Number => element.TryGetInt64(out var whole) ? (object)whole : element.GetDouble(),
                JsonValueKind.String => element.GetString(),
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => null,
            };
        }

        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                return value.TryGetValue<string>(out var text) ? text : ValueOfClrJson(value);
            case JsonValueKind.Number:
                if (value.TryGetValue<long>(out var integer))
                {
                    return integer;
                }

                if (value.TryGetValue<double>(out var real))
                {
                    return real;
                }

                return ValueOfClrJson(value);
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                return null;
            default:
                return ValueOfClrJson(value);
        }
    }

    private static object? ValueOfClrJson(JsonValue value)
    {
        // Nodes built in code (JsonValue.Create(12.5m)) hold the CLR value itself.
        if (value.TryGetValue<decimal>(out var m))
        {
            return m;
        }

        if (value.TryGetValue<int>(out var i))
        {
            return (long)i;
        }

        if (value.TryGetValue<DateTime>(out var d))
        {
            return d;
        }

        return value.TryGetValue<object>(out var raw) ? raw : value.ToJsonString();
    }

    /// <summary>Reads <paramref name="name"/> from a JSON object, dictionary or CLR object; unknown JSON members are null.</summary>
    public static object? Member(object? target, string name, SiteInfo site)
    {
        ArgumentNullException.ThrowIfNull(site);
        if (target is null)
        {
            throw site.Error($"cannot read '{name}' because the value before it is null; use np(...) or ?? where values may be missing");
        }

        return MemberOrMissing(target, name, site, out _);
    }

    /// <summary>Like <see cref="Member"/> but null when the target is null (used by <c>np(...)</c>).</summary>
    public static object? MemberOrNull(object? target, string name, SiteInfo site) =>
        target is null ? null : MemberOrMissing(target, name, site, out _);

    private static object? MemberOrMissing(object target, string name, SiteInfo site, out bool found)
    {
        found = true;
        switch (target)
        {
            case JsonObjectView view:
                return view.Get(name, site.IgnoreCase);
            case JsonObject json:
                if (json.TryGetPropertyValue(name, out var node))
                {
                    return FromJson(node);
                }

                if (site.IgnoreCase)
                {
                    foreach (var property in json)
                    {
                        if (string.Equals(property.Key, name, StringComparison.OrdinalIgnoreCase))
                        {
                            return FromJson(property.Value);
                        }
                    }
                }

                found = false;
                return null;
            case IDictionary<string, object?> dictionary:
                if (dictionary.TryGetValue(name, out var value))
                {
                    return value is JsonNode inner ? FromJson(inner) : value;
                }

                if (site.IgnoreCase)
                {
                    foreach (var pair in dictionary)
                    {
                        if (string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase))
                        {
                            return pair.Value is JsonNode inner ? FromJson(inner) : pair.Value;
                        }
                    }
                }

                found = false;
                return null;
            case JsonArray array when string.Equals(name, "Count", StringComparison.OrdinalIgnoreCase):
                return array.Count;
        }

        var reader = MemberReaders.GetOrAdd((target.GetType(), name, site.IgnoreCase), static key => MemberReader(key.Type, key.Name, key.IgnoreCase));
        if (reader is null)
        {
            var hint = Suggestions.Hint(name, ClrMembers.ReadableNames(target.GetType()));
            throw site.Error($"unknown member '{name}' on {TypeNames.Of(target.GetType())}{hint}");
        }

        return reader(target);
    }

    private static Func<object, object?>? MemberReader(Type type, string name, bool ignoreCase)
    {
        var member = ClrMembers.Find(type, name, ignoreCase);
        if (member is null)
        {
            return null;
        }

        var parameter = System.Linq.Expressions.Expression.Parameter(typeof(object), "target");
        var body = System.Linq.Expressions.Expression.Convert(
            System.Linq.Expressions.Expression.MakeMemberAccess(System.Linq.Expressions.Expression.Convert(parameter, type), member),
            typeof(object));
        return System.Linq.Expressions.Expression.Lambda<Func<object, object?>>(body, parameter).Compile();
    }

    /// <summary><c>target[index]</c> over JSON arrays and objects, lists, dictionaries and strings.</summary>
    public static object? Index(object? target, object? index, SiteInfo site)
    {
        ArgumentNullException.ThrowIfNull(site);
        try
        {
            switch (target)
            {
                case null:
                    throw site.Error("cannot index a null value; use np(...) or ?? where values may be missing");
                case JsonArray array:
                    return FromJson(array[ToInt32(index)]);
                case JsonObject or JsonObjectView:
                    return MemberOrMissing(target, ToText(index) ?? string.Empty, site, out _);
                case string text:
                    return text[ToInt32(index)];
                case IDictionary<string, object?> dictionary:
                    return MemberOrMissing(dictionary, ToText(index) ?? string.Empty, site, out _);
                case IList list:
                    return list[ToInt32(index)];
                case IDictionary dictionary:
                    return index is null ? null : dictionary[index];
                default:
                    return IndexEnumerable(target, index, site);
            }
        }
        catch (ArgumentOutOfRangeException exception)
        {
            throw site.Error($"index {index} is outside the list", exception);
        }
        catch (IndexOutOfRangeException exception)
        {
            throw site.Error($"index {index} is outside the list", exception);
        }
    }

    private static object? IndexEnumerable(object target, object? index, SiteInfo site)
    {
        if (target is IEnumerable sequence)
        {
            var position = ToInt32(index);
            foreach (var item in sequence)
            {
                if (position-- == 0)
                {
                    return item;
                }
            }

            throw site.Error($"index {index} is outside the list");
        }

        throw site.Error($"{TypeNames.Of(target.GetType())} cannot be indexed");
    }

    /// <summary>The items of a JSON array or any non-string sequence, JSON items converted by <see cref="FromJson"/>.</summary>
    public static IEnumerable<object?> AsSequence(object? value, SiteInfo site)
    {
        ArgumentNullException.ThrowIfNull(site);
        return value switch
        {
            null => throw site.Error("cannot enumerate a null value; use np(...) ?? or check it first"),
            JsonArray array => JsonItems(array),
            IEnumerable<object?> objects when value is not string => objects,
            IEnumerable sequence when value is not string => sequence.Cast<object?>(),
            _ => throw site.Error($"expected a list but the value is {Describe(value)}"),
        };
    }

    private static IEnumerable<object?> JsonItems(JsonArray array)
    {
        for (var i = 0; i < array.Count; i++)
        {
            yield return FromJson(array[i]);
        }
    }
}

public static partial class DynamicOps
{
    /// <summary>The object built by <c>new (a as X, b)</c>: a case-insensitive name/value map.</summary>
    public static IDictionary<string, object?> NewObject(string[] names, object?[] values)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(values);
        var result = new Dictionary<string, object?>(names.Length, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < names.Length; i++)
        {
            result[names[i]] = values[i];
        }

        return result;
    }

    /// <summary>A workflow variable from the evaluation scope; unknown names fail with a hint.</summary>
    public static object? ScopeValue(IReadOnlyDictionary<string, JsonNode?> scope, string name, SiteInfo site)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(site);
        if (scope.TryGetValue(name, out var node))
        {
            return FromJson(node);
        }

        foreach (var pair in scope)
        {
            if (string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return FromJson(pair.Value);
            }
        }

        throw site.Error($"unknown name '{name}'{Suggestions.Hint(name, scope.Keys)} (known: {string.Join(", ", scope.Keys)})");
    }

    /// <summary><c>Contains</c> on a run-time value: substring for strings, membership for lists.</summary>
    public static bool Contains(object? target, object? value, SiteInfo site) => target switch
    {
        string text => value is not null && text.Contains(ToText(value)!, StringComparison.Ordinal),
        _ => AsSequence(target, site).Any(item => AreEqual(item, value)),
    };
}
