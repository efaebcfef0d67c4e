using System.Globalization;
using System.Text.Json;
using HandlebarsDotNet;
using HandlebarsDotNet.Compiler;
using OmsFlow.Templates.Helpers;

namespace OmsFlow.Templates.Rendering.Direct;

internal sealed partial class DirectRun
{
    /// <summary>The value of a path in the current frames; missing members are null, as Handlebars prints them empty.</summary>
    public object? Resolve(PathExpression path)
    {
        if (path.DataVariable is { } variable)
        {
            return DataVariable(variable);
        }

        object? value;
        var segment = 0;
        if (path.FromRoot)
        {
            value = _root;
        }
        else
        {
            var frameIndex = _depth - 1 - path.Up;
            if (frameIndex < 0)
            {
                return null;
            }

            ref var frame = ref _frames[frameIndex];
            value = frame.Value;
            if (path.Segments.Length > 0 && frame.Hash is not null && frame.Hash.TryGetValue(path.Segments[0], out var hashed))
            {
                value = hashed;
                segment = 1;
            }
        }

        for (; segment < path.Segments.Length && value is not null; segment++)
        {
            value = Member(value, path.Segments[segment], path.Utf8Segments[segment]);
        }

        return value;
    }

    private object? DataVariable(string name)
    {
        for (var i = _depth - 1; i >= 0; i--)
        {
            ref var frame = ref _frames[i];
            if (frame.Index >= 0)
            {
                return name switch
                {
                    "index" => frame.Index,
                    "first" => frame.Index == 0,
                    "last" => frame.Index == frame.Count - 1,
                    _ => frame.Key,
                };
            }
        }

        return null;
    }

    private static object? Member(object value, string name, byte[] utf8Name)
    {
        switch (value)
        {
            case DirectObject obj:
                return obj.Get(name, utf8Name);
            case DirectArray list:
                if (name == "length")
                {
                    return list.Length;
                }

                return int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var position) && position < list.Length ? list.Items[position] : null;
            case JsonElement { ValueKind: JsonValueKind.Object } element:
                return element.TryGetProperty(utf8Name, out var property) ? JsonElementDescriptorProvider.Scalar(property) : null;
            case JsonElement { ValueKind: JsonValueKind.Array } array:
                if (name == "length")
                {
                    return array.GetArrayLength();
                }

                return int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < array.GetArrayLength()
                    ? JsonElementDescriptorProvider.Scalar(array[index])
                    : null;
            case IDictionary<string, object?> dictionary:
                return dictionary.TryGetValue(name, out var entry) ? entry : null;
            case string text when name == "length":
                return text.Length;
            default:
                throw new DirectUnsupportedException($"member '{name}' of a {value.GetType().Name}");
        }
    }

    public object? CallHelper(HelperExpression call)
    {
        if (call.Name == "money" && call.Arguments.Length == 2 && call.Hash.Length == 0 && Money(call) is { } money)
        {
            return money;
        }

        if (!_helpers.TryGet(call.Name, out var helper))
        {
            throw new DirectUnsupportedException($"helper '{call.Name}'");
        }

        return helper(default, Arguments(call));
    }

    /// <summary>
    /// <c>{{money amount currency}}</c> with a number and a currency code, the call a document makes hundreds of times,
    /// without building Handlebars arguments. Anything else (missing amount, text amounts, errors) returns null and
    /// goes through the registered helper, so the result is always the helper's.
    /// </summary>
    private string? Money(HelperExpression call) =>
        call.Arguments[0].Evaluate(this) is decimal amount && call.Arguments[1].Evaluate(this) is string { Length: > 0 } currency
            ? MoneyFormatter.Format(amount, currency, RenderScope.Current.Culture)
            : null;

    /// <summary>The helper arguments as Handlebars.Net passes them: positional values, then the hash when there is one.</summary>
    private Arguments Arguments(HelperExpression call)
    {
        var count = call.Arguments.Length + (call.Hash.Length > 0 ? 1 : 0);
        var values = new object[count];
        for (var i = 0; i < call.Arguments.Length; i++)
        {
            values[i] = DirectModel.ForHelper(call.Arguments[i].Evaluate(this))!;
        }

        if (call.Hash.Length > 0)
        {
            var hash = new HashParameterDictionary();
            foreach (var (name, value) in call.Hash)
            {
                hash[name] = DirectModel.ForHelper(value.Evaluate(this))!;
            }

            values[^1] = hash;
        }

        return new Arguments(values);
    }

    /// <summary><c>{{address value [origin=...]}}</c>: encoded lines joined by the mode's raw line break.</summary>
    public void WriteAddress(HelperExpression call, bool raw)
    {
        var arguments = Arguments(call);
        FormattingHelpers.Require(arguments, 1, "address", "{{address value [origin=\"US\"]}}");
        var address = AddressFormatter.From(arguments[0]);
        if (address is null)
        {
            return;
        }

        var lines = AddressFormatter.Lines(address, HelperValue.HashString(arguments, "origin"));
        for (var i = 0; i < lines.Count; i++)
        {
            if (i > 0)
            {
                Output.Append(DocumentHelpers.AddressLineBreak(_mode));
            }

            WriteText(lines[i], raw);
        }
    }
}
