using System.Text.Json;
using System.Text.Json.Nodes;

namespace OmsFlow.Templates.Rendering;

/// <summary>Brings models into the shapes Handlebars reads natively.</summary>
internal static class TemplateModel
{
    /// <summary>
    /// Handlebars.Net reads <see cref="JsonElement"/> natively (members, arrays, truthiness of false/0/""), but a
    /// <see cref="JsonNode"/> tree only as dictionaries of opaque values, so <c>{{#if flag}}</c> would be true for
    /// <c>false</c>. Converting the tree once per render keeps every template rule identical for both JSON APIs.
    /// </summary>
    public static object? Normalize(object? model) => model switch
    {
        JsonNode node => JsonSerializer.SerializeToElement(node, TemplateJson.NodeTypeInfo),
        JsonDocument document => document.RootElement,
        _ => model,
    };
}
