using System.Text.Json.Nodes;

namespace OmsFlow.Workflows.Definitions;

/// <summary>
/// The DSL's rule for expressions inside step inputs and outputs: a string starting with <c>=</c> is an expression,
/// at any depth of objects and arrays; <c>==</c> writes a literal string that starts with '='.
/// </summary>
public static class InputExpressions
{
    /// <summary>Whether <paramref name="value"/> is a string holding an expression (<c>=order.total</c>, not <c>==x</c>).</summary>
    public static bool IsExpression(JsonNode? value)
        => value is JsonValue scalar && scalar.TryGetValue<string>(out var text)
            && text.StartsWith('=') && !text.StartsWith("==", StringComparison.Ordinal);

    /// <summary>Whether <paramref name="value"/> or anything inside it is an expression.</summary>
    public static bool ContainsExpression(JsonNode? value) => Contains(value, IsExpressionPredicate);

    private static readonly Func<JsonNode?, bool> IsExpressionPredicate = IsExpression;

    private static bool NeedsResolving(JsonNode? value) => Contains(value, static v => IsExpression(v) || IsEscaped(v));

    private static bool Contains(JsonNode? value, Func<JsonNode?, bool> predicate) => value switch
    {
        JsonObject mapping => mapping.Any(p => Contains(p.Value, predicate)),
        JsonArray list => list.Any(item => Contains(item, predicate)),
        JsonValue => predicate(value),
        _ => false,
    };

    /// <summary>
    /// The value with every expression replaced by <paramref name="evaluate"/>'s result (given the text after '=')
    /// and every <c>==</c> literal unescaped; a value without either is returned as is, not copied.
    /// </summary>
    public static JsonNode? Resolve(JsonNode? value, Func<string, JsonNode?> evaluate)
    {
        ArgumentNullException.ThrowIfNull(evaluate);
        switch (value)
        {
            case JsonValue scalar:
                if (!scalar.TryGetValue<string>(out var text) || !text.StartsWith('='))
                {
                    return value;
                }
                return text.StartsWith("==", StringComparison.Ordinal) ? JsonValue.Create(text[1..]) : evaluate(text[1..]);
            case JsonObject mapping when NeedsResolving(mapping):
                var resolvedMapping = new JsonObject();
                foreach (var (key, item) in mapping)
                {
                    resolvedMapping[key] = Detached(Resolve(item, evaluate));
                }
                return resolvedMapping;
            case JsonArray list when NeedsResolving(list):
                var resolvedList = new JsonArray();
                foreach (var item in list)
                {
                    resolvedList.Add(Detached(Resolve(item, evaluate)));
                }
                return resolvedList;
            default:
                return value;
        }
    }

    private static bool IsEscaped(JsonNode? value)
        => value is JsonValue scalar && scalar.TryGetValue<string>(out var text) && text.StartsWith("==", StringComparison.Ordinal);

    // A node that already belongs to a document (a literal of the definition, or part of a variable) cannot join another.
    private static JsonNode? Detached(JsonNode? node) => node?.Parent is null ? node : node.DeepClone();
}
