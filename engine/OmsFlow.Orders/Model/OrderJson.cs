using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace OmsFlow.Orders.Model;

/// <summary>How orders read and write as JSON: camelCase, enums as names, what integrators send accepted as-is.</summary>
public static class OrderJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Reads an order from a workflow variable or a hook body.</summary>
    /// <exception cref="JsonException">The JSON is not an order (a field has the wrong type).</exception>
    public static Order Read(JsonNode? node)
    {
        if (node is not JsonObject)
        {
            throw new JsonException("The order must be a JSON object.");
        }
        return node.Deserialize<Order>(Options) ?? throw new JsonException("The order must be a JSON object.");
    }

    public static JsonObject Write(Order order) => JsonSerializer.SerializeToNode(order, Options)!.AsObject();

    /// <summary>
    /// The order as a workflow variable and as its row's document text, from one serialization (an OMS step saves the
    /// order to both, and serializing it is a large share of a step's cost).
    /// </summary>
    public static (JsonObject Variable, string Document) WriteBoth(Order order)
    {
        var utf8 = JsonSerializer.SerializeToUtf8Bytes(order, Options);
        return (JsonNode.Parse(utf8, new JsonNodeOptions { PropertyNameCaseInsensitive = Options.PropertyNameCaseInsensitive })!.AsObject(), System.Text.Encoding.UTF8.GetString(utf8));
    }

    public static T? Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options);

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);
}
