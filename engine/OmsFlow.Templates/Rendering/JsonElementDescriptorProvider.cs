using System.Text.Json;
using HandlebarsDotNet.MemberAccessors;
using HandlebarsDotNet.ObjectDescriptors;
using HandlebarsDotNet.PathStructure;

namespace OmsFlow.Templates.Rendering;

/// <summary>
/// Fast member access on <see cref="JsonElement"/> models: a direct property lookup, scalars handed to Handlebars
/// and helpers as CLR values (string, decimal, bool, null) so they print, compare and test for truth like typed
/// models, and <c>length</c> on arrays as in handlebars.js. Iteration reuses Handlebars.Net's JsonElement iterator.
/// </summary>
internal sealed class JsonElementDescriptorProvider : IObjectDescriptorProvider
{
    private readonly ObjectDescriptor descriptor;

    public JsonElementDescriptorProvider()
    {
        if (!new JsonElementObjectDescriptorProvider().TryGetDescriptor(typeof(JsonElement), out var builtIn) || builtIn?.Iterator is not { } iterator)
        {
            throw new InvalidOperationException("Handlebars.Net no longer describes JsonElement; check the package version.");
        }

        descriptor = new ObjectDescriptor(typeof(JsonElement), new Accessor(), builtIn.GetProperties, _ => iterator);
    }

    public bool TryGetDescriptor(Type type, out ObjectDescriptor value)
    {
        if (type == typeof(JsonElement))
        {
            value = descriptor;
            return true;
        }

        value = ObjectDescriptor.Empty;
        return false;
    }

    /// <summary>A JSON value as Handlebars should see it: objects and arrays stay JsonElement, scalars become CLR values.</summary>
    internal static object? Scalar(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetDecimal(out var number) ? number : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => element,
    };

    private sealed class Accessor : IMemberAccessor
    {
        public bool TryGetValue(object instance, ChainSegment memberName, out object? value)
        {
            var element = (JsonElement)instance;
            var name = memberName.TrimmedValue;
            switch (element.ValueKind)
            {
                case JsonValueKind.Object when element.TryGetProperty(name, out var property):
                    value = Scalar(property);
                    return true;
                case JsonValueKind.Array when name == "length":
                    value = element.GetArrayLength();
                    return true;
                case JsonValueKind.Array when int.TryParse(name, out var index) && index >= 0 && index < element.GetArrayLength():
                    value = Scalar(element[index]);
                    return true;
                default:
                    value = null;
                    return false;
            }
        }
    }
}
