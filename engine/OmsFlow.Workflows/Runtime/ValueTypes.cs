using System.Text.Json.Nodes;
using ValueType = OmsFlow.Workflows.Definitions.ValueType;

namespace OmsFlow.Workflows.Runtime;

/// <summary>Defaults and JSON helpers for the DSL's value types.</summary>
internal static class ValueTypes
{
    public static JsonNode? DefaultFor(ValueType type) => type switch
    {
        ValueType.String => JsonValue.Create(string.Empty),
        ValueType.Int => JsonValue.Create(0),
        ValueType.Decimal => JsonValue.Create(0m),
        ValueType.Bool => JsonValue.Create(false),
        ValueType.Object => new JsonObject(),
        ValueType.Array => new JsonArray(),
        _ => null,
    };

    /// <summary>A node that can be attached to a new parent: JSON nodes belong to one parent at a time.</summary>
    public static JsonNode? Detach(JsonNode? node) => node is null || node.Parent is null ? node : node.DeepClone();
}
