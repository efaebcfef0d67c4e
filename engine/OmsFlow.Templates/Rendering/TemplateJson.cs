using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace OmsFlow.Templates.Rendering;

/// <summary>System.Text.Json options shared by template data, sample files and document models.</summary>
internal static class TemplateJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    public static JsonTypeInfo<JsonNode> NodeTypeInfo { get; } = (JsonTypeInfo<JsonNode>)Options.GetTypeInfo(typeof(JsonNode));
}
