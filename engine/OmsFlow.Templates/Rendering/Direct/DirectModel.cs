using System.Text.Json;

namespace OmsFlow.Templates.Rendering.Direct;

/// <summary>
/// A JSON object read by the direct renderer. Each member is looked up in the JSON and converted to its CLR value
/// (string, decimal, bool) once, then served from a small list: an email's subject, HTML and text bodies read the same
/// members, and a JSON lookup plus conversion costs ten times a list hit. Helpers still receive the original
/// <see cref="JsonElement"/>, so they behave exactly as under Handlebars.Net.
/// </summary>
internal sealed class DirectObject(JsonElement source)
{
    private (string Name, object? Value)[] _members = [];
    private int _count;

    public JsonElement Source { get; } = source;

    public object? Get(string name, byte[] utf8Name)
    {
        for (var i = 0; i < _count; i++)
        {
            if (string.Equals(_members[i].Name, name, StringComparison.Ordinal))
            {
                return _members[i].Value;
            }
        }

        var value = Source.TryGetProperty(utf8Name, out var property) ? DirectModel.Wrap(property) : null;
        if (_count == _members.Length)
        {
            Array.Resize(ref _members, Math.Max(4, _count * 2));
        }

        _members[_count++] = (name, value);
        return value;
    }
}

/// <summary>
/// A JSON array read by the direct renderer. <c>each</c> walks the JSON itself; items read by position
/// (<c>lines.0.sku</c>) are converted once, on first use.
/// </summary>
internal sealed class DirectArray(JsonElement source)
{
    private object?[]? _items;

    public JsonElement Source { get; } = source;

    public int Length => Source.GetArrayLength();

    public object?[] Items
    {
        get
        {
            if (_items is null)
            {
                var items = new object?[Source.GetArrayLength()];
                var index = 0;
                foreach (var item in Source.EnumerateArray())
                {
                    items[index++] = DirectModel.Wrap(item);
                }

                _items = items;
            }

            return _items;
        }
    }
}

/// <summary>Conversions between JSON and the values the direct renderer works with.</summary>
internal static class DirectModel
{
    /// <summary>Scalars as Handlebars.Net's JSON accessor returns them; objects and arrays as lazily converted views.</summary>
    public static object? Wrap(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => new DirectObject(element),
        JsonValueKind.Array => new DirectArray(element),
        _ => JsonElementDescriptorProvider.Scalar(element),
    };

    /// <summary>What a helper sees: the original JSON for objects and arrays, the value itself otherwise.</summary>
    public static object? ForHelper(object? value) => value switch
    {
        DirectObject obj => obj.Source,
        DirectArray array => array.Source,
        _ => value,
    };
}
