using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OmsFlow.Templates.Rendering;

/// <summary>Brings models into the shapes Handlebars reads natively.</summary>
internal static class TemplateModel
{
    // Largest buffer kept on a thread between renders; a bigger model's buffer is left to the GC.
    private const int MaxRetainedBytes = 1 << 20;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? idleBuffer;

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

    /// <summary>
    /// <see cref="Normalize"/> for renders that finish before <paramref name="lease"/> is disposed: a JsonNode tree is
    /// written into a buffer the thread reuses and parsed in place (a document parsed from memory neither copies it nor
    /// allocates its index), instead of into a new document per render. The element is the same JSON, read the same way.
    /// </summary>
    public static object? NormalizeForRender(object? model, out NodeLease lease)
    {
        if (model is not JsonNode node)
        {
            lease = default;
            return Normalize(model);
        }

        // A helper rendering another template on this thread gets its own buffer; only an idle one is reused.
        var buffer = idleBuffer ?? new ArrayBufferWriter<byte>(16 * 1024);
        idleBuffer = null;
        using (var writer = new Utf8JsonWriter(buffer))
        {
            JsonSerializer.Serialize(writer, node, TemplateJson.NodeTypeInfo);
        }

        var document = JsonDocument.Parse(buffer.WrittenMemory);
        lease = new NodeLease(document, buffer);
        return document.RootElement;
    }

    /// <summary>Keeps a converted JsonNode's document and buffer for one render; disposing returns them.</summary>
    internal readonly struct NodeLease(JsonDocument? document, ArrayBufferWriter<byte>? buffer) : IDisposable
    {
        public void Dispose()
        {
            if (document is null || buffer is null)
            {
                return;
            }

            document.Dispose();
            buffer.ResetWrittenCount();
            if (buffer.Capacity <= MaxRetainedBytes)
            {
                idleBuffer = buffer;
            }
        }
    }
}
