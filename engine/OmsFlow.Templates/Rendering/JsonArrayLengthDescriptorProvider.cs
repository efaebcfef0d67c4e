using System.Text.Json;
using HandlebarsDotNet.MemberAccessors;
using HandlebarsDotNet.ObjectDescriptors;
using HandlebarsDotNet.PathStructure;

namespace OmsFlow.Templates.Rendering;

/// <summary>
/// Handlebars.Net's JsonElement support plus <c>length</c> on arrays, so <c>{{lines.length}}</c> and
/// <c>(gt lines.length 1)</c> work on JSON data as they do on typed lists and in handlebars.js.
/// </summary>
internal sealed class JsonArrayLengthDescriptorProvider : IObjectDescriptorProvider
{
    private readonly ObjectDescriptor descriptor;

    public JsonArrayLengthDescriptorProvider()
    {
        if (!new JsonElementObjectDescriptorProvider().TryGetDescriptor(typeof(JsonElement), out var builtIn) || builtIn?.Iterator is not { } iterator)
        {
            throw new InvalidOperationException("Handlebars.Net no longer describes JsonElement; check the package version.");
        }

        descriptor = new ObjectDescriptor(typeof(JsonElement), new Accessor(builtIn.MemberAccessor), builtIn.GetProperties, _ => iterator);
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

    private sealed class Accessor(IMemberAccessor inner) : IMemberAccessor
    {
        public bool TryGetValue(object instance, ChainSegment memberName, out object? value)
        {
            if (instance is JsonElement { ValueKind: JsonValueKind.Array } array && memberName.TrimmedValue == "length")
            {
                value = array.GetArrayLength();
                return true;
            }

            return inner.TryGetValue(instance, memberName, out value);
        }
    }
}
