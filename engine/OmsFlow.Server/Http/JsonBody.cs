using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace OmsFlow.Server.Http;

/// <summary>Reads a JSON request body with errors that say where the JSON is broken.</summary>
internal static class JsonBody
{
    /// <summary>Body size accepted by hooks and the API (1 MiB): orders are small; anything bigger is a mistake or an attack.</summary>
    public const int MaxBytes = 1024 * 1024;

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };

    /// <summary>Reads the raw body (kept for signatures and idempotency hashes) and parses it as a JSON object.</summary>
    public static async Task<(byte[] Raw, JsonObject? Body, ProblemHttpResult? Problem)> ReadObjectAsync(HttpRequest request, bool allowEmpty = false)
    {
        if (request.ContentLength is > MaxBytes)
        {
            return ([], null, Problems.Of(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"The body is larger than {MaxBytes} bytes."));
        }
        var raw = await ReadRawAsync(request).ConfigureAwait(false);
        if (raw is null)
        {
            return ([], null, Problems.Of(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"The body is larger than {MaxBytes} bytes."));
        }
        if (raw.Length == 0)
        {
            return allowEmpty ? (raw, [], null) : (raw, null, Problems.BadRequest("The request needs a JSON object body."));
        }
        var contentType = request.ContentType ?? string.Empty;
        if (!contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) && !contentType.Contains("+json", StringComparison.OrdinalIgnoreCase))
        {
            return (raw, null, Problems.Of(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"Send JSON with Content-Type: application/json (got '{(contentType.Length == 0 ? "none" : contentType)}')."));
        }
        try
        {
            var node = JsonNode.Parse(raw, documentOptions: Options);
            // JsonObject builds its dictionary lazily; touching it here surfaces duplicate keys as a 400, not a later 500.
            _ = (node as JsonObject)?.Count;
            if (node is not JsonObject obj)
            {
                return (raw, null, Problems.BadRequest($"The body must be a JSON object, not {Describe(node)}."));
            }
            // Escapes such as a lone \ud800 parse but cannot be written back as text, and PostgreSQL text cannot hold
            // U+0000: refuse both here (the latter naming the field), not later in the engine or the database.
            return HasEscapedNul(raw) && FindNul(obj, "") is { } field
                ? (raw, null, Problems.BadRequest($"'{field}' contains the character U+0000 (\\u0000), which OmsFlow does not store; remove it.", field))
                : (raw, obj, null);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" at line {line + 1}, position {ex.BytePositionInLine + 1}" : string.Empty;
            return (raw, null, Problems.BadRequest($"The body is not valid JSON{where}: {FirstSentence(ex.Message)}"));
        }
        catch (InvalidOperationException ex)
        {
            return (raw, null, Problems.BadRequest($"The body has a string that is not valid Unicode (e.g. a lone \\ud800 escape): {ex.Message}"));
        }
        catch (ArgumentException ex)
        {
            return (raw, null, Problems.BadRequest($"The body is not valid UTF-8 JSON: {ex.Message}"));
        }
    }

    /// <summary>The body's bytes, or null when it is larger than <see cref="MaxBytes"/>.</summary>
    /// <remarks>
    /// With a Content-Length (every hook client sends one) the body is read into one array of that size: a hook
    /// request then allocates its body once, which matters at a thousand requests a second.
    /// </remarks>
    private static async Task<byte[]?> ReadRawAsync(HttpRequest request)
    {
        if (request.ContentLength is { } length)
        {
            var body = new byte[length];
            var filled = 0;
            while (filled < body.Length)
            {
                var read = await request.Body.ReadAsync(body.AsMemory(filled)).ConfigureAwait(false);
                if (read == 0)
                {
                    // Kestrel ends a body that is shorter than its Content-Length with an error; keep what arrived.
                    return body[..filled];
                }
                filled += read;
            }
            return body;
        }
        using var buffer = new MemoryStream();
        var chunk = System.Buffers.ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxBytes)
                {
                    return null;
                }
                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(chunk);
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// Whether a string or property name of the (already parsed) body holds U+0000. JSON can only carry it escaped, so
    /// only escaped tokens are decoded: a body without escapes is one allocation-free scan. Decoding also throws
    /// <see cref="InvalidOperationException"/> for an escape that is not valid UTF-16 (a lone <c>\ud800</c>).
    /// </summary>
    private static bool HasEscapedNul(byte[] raw)
    {
        var reader = new Utf8JsonReader(raw, new JsonReaderOptions { MaxDepth = Options.MaxDepth });
        var found = false;
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
            {
                found |= reader.GetString()!.Contains('\0', StringComparison.Ordinal);
            }
        }
        return found;
    }

    /// <summary>The path of the first property name or string value holding U+0000 (e.g. <c>lines[2].sku</c>), or null.</summary>
    private static string? FindNul(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    var childPath = path.Length == 0 ? name : path + "." + name;
                    if (FindNul(child, childPath) is { } found)
                    {
                        return found;
                    }
                    if (name.Contains('\0', StringComparison.Ordinal))
                    {
                        return childPath;
                    }
                }
                return null;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (FindNul(array[i], $"{path}[{i}]") is { } found)
                    {
                        return found;
                    }
                }
                return null;
            case JsonValue value when value.TryGetValue<string>(out var text) && text.Contains('\0', StringComparison.Ordinal):
                return path;
            default:
                return null;
        }
    }

    private static string Describe(JsonNode? node) => node switch
    {
        null => "null",
        JsonArray => "an array",
        _ => "a single value",
    };

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    public static string Utf8(byte[] raw) => Encoding.UTF8.GetString(raw);
}
