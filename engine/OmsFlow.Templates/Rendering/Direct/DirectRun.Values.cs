using System.Globalization;
using System.Text.Json;
using HandlebarsDotNet;
using HandlebarsDotNet.Compiler;
using OmsFlow.Templates.Helpers;

namespace OmsFlow.Templates.Rendering.Direct;

internal sealed partial class DirectRun
{
    /// <summary>The value of a path in the current frames; missing members are null, as Handlebars prints them empty.</summary>
    public object? Resolve(PathExpression path) =>
        ResolveJson(path, out var json, out var value) ? JsonElementDescriptorProvider.Scalar(json) : value;

    /// <summary>
    /// Resolves <paramref name="path"/>. True when the value was read from JSON: it comes back as <paramref name="json"/>,
    /// not converted, so a caller that writes or tests it needs no string or boxed number. False otherwise, with the
    /// value (null when missing) in <paramref name="value"/>.
    /// </summary>
    public bool ResolveJson(PathExpression path, out JsonElement json, out object? value) => ResolveJson(path, out json, out value, out _);

    /// <param name="item">
    /// True when the element is an <c>each</c> item itself (<c>this</c>, <c>../this</c>) rather than a member read from one:
    /// Handlebars.Net holds such an item as the JsonElement and prints a number as written in the JSON.
    /// </param>
    public bool ResolveJson(PathExpression path, out JsonElement json, out object? value, out bool item)
    {
        item = false;
        value = null;
        if (path.IsSingleMember && _depth - 1 - path.Up >= 0)
        {
            // A member of an object frame without partial hash values (an each item, ../currency): one lookup.
            ref var member = ref _frames[_depth - 1 - path.Up];
            if (member.Hash is null)
            {
                if (member.IsElement && member.Element.ValueKind == JsonValueKind.Object)
                {
                    return member.Element.TryGetProperty(path.Utf8Segments[0], out json);
                }

                if (member.Value is DirectObject obj)
                {
                    json = default;
                    value = obj.Get(path.Segments[0], path.Utf8Segments[0]);
                    return false;
                }
            }
        }

        json = default;
        if (path.DataVariable is { } variable)
        {
            value = DataVariable(variable);
            return false;
        }

        var isJson = false;
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
                return false;
            }

            ref var frame = ref _frames[frameIndex];
            if (path.Segments.Length > 0 && frame.Hash is not null && frame.Hash.TryGetValue(path.Segments[0], out var hashed))
            {
                value = hashed;
                segment = 1;
            }
            else if (frame.IsElement)
            {
                json = frame.Element;
                isJson = true;
                item = frame.IsItem && path.Segments.Length == 0;
            }
            else
            {
                value = frame.Value;
            }
        }

        for (; segment < path.Segments.Length; segment++)
        {
            if (isJson)
            {
                var name = path.Segments[segment];
                if (json.ValueKind == JsonValueKind.Object)
                {
                    if (!json.TryGetProperty(path.Utf8Segments[segment], out json))
                    {
                        return false;
                    }

                    continue;
                }

                if (json.ValueKind == JsonValueKind.Array)
                {
                    if (name == "length")
                    {
                        value = json.GetArrayLength();
                        isJson = false;
                        continue;
                    }

                    if (!int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= json.GetArrayLength())
                    {
                        return false;
                    }

                    json = json[index];
                    continue;
                }

                // A member of a scalar (a string's length): read as the CLR value does.
                value = JsonElementDescriptorProvider.Scalar(json);
                isJson = false;
            }

            if (value is null)
            {
                return false;
            }

            value = Member(value, path.Segments[segment], path.Utf8Segments[segment]);
            if (value is JsonElement element)
            {
                json = element;
                isJson = true;
                value = null;
            }
        }

        return isJson;
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
        if (call.IsMoney && TryMoney(call, out var amount, out var currency))
        {
            return MoneyFormatter.Format(amount, currency, _culture);
        }

        return CallRegisteredHelper(call);
    }

    /// <summary>Calls the helper registered under the call's name, with arguments as Handlebars.Net passes them.</summary>
    public object? CallRegisteredHelper(HelperExpression call)
    {
        if (!_helpers.TryGet(call.Name, out var helper))
        {
            throw new DirectUnsupportedException($"helper '{call.Name}'");
        }

        return helper(default, Arguments(call));
    }

    /// <summary>
    /// The operands of <c>{{money amount currency}}</c> when the amount is a number and the currency a code: the call a
    /// document makes hundreds of times, run without Handlebars arguments. Anything else (missing amount, text amounts,
    /// errors) returns false and goes through the registered helper, so the result is always the helper's.
    /// </summary>
    private bool TryMoney(HelperExpression call, out decimal amount, out string currency)
    {
        currency = string.Empty;
        amount = 0;
        var amountExpression = call.Arguments[0];
        if (amountExpression is PathExpression path && ResolveJson(path, out var json, out _))
        {
            if (json.ValueKind != JsonValueKind.Number || !json.TryGetDecimal(out amount))
            {
                return false;
            }
        }
        else if (amountExpression.Evaluate(this) is decimal value)
        {
            amount = value;
        }
        else
        {
            return false;
        }

        if (call.Arguments[1].Evaluate(this) is string { Length: > 0 } code)
        {
            currency = code;
            return true;
        }

        return false;
    }

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
