using System.Text.Json.Nodes;

namespace OmsFlow.Expressions.Runtime;

/// <summary>
/// A read-only view of a JSON object that converts each member once and remembers it, so a rule set reading
/// <c>order.total</c> in ten rules parses the number once per execution instead of ten times.
/// </summary>
/// <remarks>Create one per execution (it caches values); nested objects are viewed the same way on first read.</remarks>
public sealed class JsonObjectView
{
    private readonly Dictionary<string, object?> _values = new(StringComparer.Ordinal);

    public JsonObjectView(JsonObject node)
    {
        ArgumentNullException.ThrowIfNull(node);
        Node = node;
    }

    /// <summary>The JSON object being viewed.</summary>
    public JsonObject Node { get; }

    /// <summary>Wraps JSON objects; other values are returned as they are.</summary>
    public static object? Wrap(object? value) => value is JsonObject json ? new JsonObjectView(json) : value;

    internal object? Get(string name, bool ignoreCase)
    {
        if (_values.TryGetValue(name, out var cached))
        {
            return cached;
        }

        JsonNode? node = null;
        if (!Node.TryGetPropertyValue(name, out node) && ignoreCase)
        {
            foreach (var property in Node)
            {
                if (string.Equals(property.Key, name, StringComparison.OrdinalIgnoreCase))
                {
                    node = property.Value;
                    break;
                }
            }
        }

        var value = Wrap(DynamicOps.FromJson(node));
        _values[name] = value;
        return value;
    }
}
