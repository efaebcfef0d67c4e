using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace OmsFlow.Workflows.Definitions;

/// <summary>Converts a step input's JSON value to an activity property's CLR type; false when the value does not fit.</summary>
internal delegate bool InputConverter<T>(JsonNode? node, out T value);

/// <summary>
/// Builds, once per input property, the converter from JSON to the property's CLR type, and names the DSL
/// <see cref="ValueType"/> and the human wording ("a duration such as 15m") of that type.
/// </summary>
internal static class InputConverters
{
    private static readonly JsonSerializerOptions ObjectOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    private static readonly MethodInfo CreateMethod = typeof(InputConverters).GetMethod(nameof(Create), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>The converter for <paramref name="clrType"/> as an <see cref="InputConverter{T}"/>.</summary>
    public static Delegate For(Type clrType) => (Delegate)CreateMethod.MakeGenericMethod(clrType).Invoke(null, null)!;

    public static ValueType ValueTypeOf(Type clrType)
    {
        var type = Nullable.GetUnderlyingType(clrType) ?? clrType;
        if (type == typeof(string) || type.IsEnum || type == typeof(Guid))
        {
            return ValueType.String;
        }
        if (type == typeof(int) || type == typeof(long))
        {
            return ValueType.Int;
        }
        if (type == typeof(decimal) || type == typeof(double))
        {
            return ValueType.Decimal;
        }
        if (type == typeof(bool))
        {
            return ValueType.Bool;
        }
        if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
        {
            return ValueType.DateTime;
        }
        if (type == typeof(TimeSpan))
        {
            return ValueType.Duration;
        }
        if (type == typeof(JsonNode))
        {
            return ValueType.Any;
        }
        if (type == typeof(JsonObject) || typeof(System.Collections.IDictionary).IsAssignableFrom(type)
            || type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>)))
        {
            return ValueType.Object;
        }
        if (type == typeof(JsonArray) || typeof(System.Collections.IEnumerable).IsAssignableFrom(type))
        {
            return ValueType.Array;
        }
        return ValueType.Object;
    }

    /// <summary>How an error message describes a value of <paramref name="clrType"/>.</summary>
    public static string Expectation(Type clrType)
    {
        var type = Nullable.GetUnderlyingType(clrType) ?? clrType;
        if (type.IsEnum)
        {
            return "one of " + string.Join(", ", Enum.GetNames(type).Select(n => JsonNamingPolicy.CamelCase.ConvertName(n)));
        }
        return ValueTypeOf(type) switch
        {
            ValueType.String => "a string",
            ValueType.Int => "a whole number",
            ValueType.Decimal => "a number",
            ValueType.Bool => "true or false",
            ValueType.DateTime => "a date-time such as 2026-03-01T09:00:00Z",
            ValueType.Duration => DurationText.Example,
            ValueType.Array => type == typeof(string[]) || type == typeof(List<string>) ? "a list of strings" : "a list",
            ValueType.Object => "an object",
            _ => "a value",
        };
    }

    /// <summary>A short rendering of a value for "got ..." in messages.</summary>
    public static string Describe(JsonNode? node)
    {
        if (node is null)
        {
            return "nothing (null)";
        }
        var text = node.ToJsonString();
        return text.Length > 60 ? string.Concat(text.AsSpan(0, 57), "...") : text;
    }

    private static InputConverter<T> Create<T>()
    {
        var type = typeof(T);
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null)
        {
            var inner = For(underlying);
            var wrap = typeof(InputConverters).GetMethod(nameof(WrapNullable), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(underlying);
            return (InputConverter<T>)wrap.Invoke(null, [inner])!;
        }
        if (type.IsEnum)
        {
            var method = typeof(InputConverters).GetMethod(nameof(EnumConverter), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(type);
            return (InputConverter<T>)method.Invoke(null, null)!;
        }
        Delegate? known = type switch
        {
            _ when type == typeof(string) => (InputConverter<string?>)ToString,
            _ when type == typeof(int) => (InputConverter<int>)ToInt,
            _ when type == typeof(long) => (InputConverter<long>)ToLong,
            _ when type == typeof(decimal) => (InputConverter<decimal>)ToDecimal,
            _ when type == typeof(double) => (InputConverter<double>)ToDouble,
            _ when type == typeof(bool) => (InputConverter<bool>)ToBool,
            _ when type == typeof(DateTimeOffset) => (InputConverter<DateTimeOffset>)ToDateTimeOffset,
            _ when type == typeof(TimeSpan) => (InputConverter<TimeSpan>)ToTimeSpan,
            _ when type == typeof(JsonNode) => (InputConverter<JsonNode?>)ToNode,
            _ when type == typeof(JsonObject) => (InputConverter<JsonObject?>)ToObject,
            _ when type == typeof(JsonArray) => (InputConverter<JsonArray?>)ToArray,
            _ when type == typeof(string[]) => (InputConverter<string[]?>)ToStringArray,
            _ when type == typeof(List<string>) || type == typeof(IReadOnlyList<string>) || type == typeof(IList<string>) || type == typeof(IEnumerable<string>)
                || type == typeof(IReadOnlyCollection<string>) || type == typeof(ICollection<string>) => (InputConverter<List<string>?>)ToStringList,
            _ => null,
        };
        if (known is InputConverter<T> exact)
        {
            return exact;
        }
        if (known is InputConverter<List<string>?> list)
        {
            return (JsonNode? node, out T value) =>
            {
                var ok = list(node, out var items);
                value = (T)(object)items!;
                return ok;
            };
        }
        return ToSerialized<T>;
    }

    private static InputConverter<TValue?> WrapNullable<TValue>(InputConverter<TValue> inner)
        where TValue : struct
        => (JsonNode? node, out TValue? value) =>
        {
            if (node is null)
            {
                value = null;
                return true;
            }
            var ok = inner(node, out var converted);
            value = ok ? converted : null;
            return ok;
        };

    private static InputConverter<TEnum> EnumConverter<TEnum>()
        where TEnum : struct, Enum
        => (JsonNode? node, out TEnum value) =>
        {
            value = default;
            return node is JsonValue scalar && scalar.TryGetValue<string>(out var text)
                && !string.IsNullOrEmpty(text) && !char.IsAsciiDigit(text[0]) && text[0] != '-'
                && Enum.TryParse(text.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true, out value)
                && Enum.IsDefined(value);
        };

    private static bool ToString(JsonNode? node, out string? value)
    {
        value = null;
        if (node is null)
        {
            return true;
        }
        if (node is not JsonValue scalar)
        {
            return false;
        }
        if (scalar.TryGetValue<string>(out var text))
        {
            value = text;
            return true;
        }
        // Expressions over JSON data often yield an id as a number where a string is wanted.
        if (scalar.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
        {
            value = scalar.ToJsonString();
            return true;
        }
        return false;
    }

    private static bool ToInt(JsonNode? node, out int value)
    {
        value = 0;
        return ToDecimal(node, out var number) && decimal.Truncate(number) == number && number >= int.MinValue && number <= int.MaxValue && Assign((int)number, out value);
    }

    private static bool ToLong(JsonNode? node, out long value)
    {
        value = 0;
        return ToDecimal(node, out var number) && decimal.Truncate(number) == number && number >= long.MinValue && number <= long.MaxValue && Assign((long)number, out value);
    }

    private static bool ToDecimal(JsonNode? node, out decimal value)
    {
        value = 0;
        if (node is not JsonValue scalar)
        {
            return false;
        }
        if (TryGetNumber(scalar, out value))
        {
            return true;
        }
        return scalar.TryGetValue<string>(out var text)
            && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private static bool ToDouble(JsonNode? node, out double value)
    {
        value = 0;
        if (node is not JsonValue scalar)
        {
            return false;
        }
        if (scalar.TryGetValue(out value))
        {
            return true;
        }
        if (TryGetNumber(scalar, out var number))
        {
            value = (double)number;
            return true;
        }
        return scalar.TryGetValue<string>(out var text)
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    // A JsonValue built in code (JsonValue.Create(7)) only answers TryGetValue for its own CLR type;
    // one parsed from text answers for every numeric type.
    private static bool TryGetNumber(JsonValue scalar, out decimal value)
    {
        if (scalar.TryGetValue(out value))
        {
            return true;
        }
        if (scalar.TryGetValue<int>(out var small))
        {
            value = small;
            return true;
        }
        if (scalar.TryGetValue<long>(out var large))
        {
            value = large;
            return true;
        }
        if (scalar.TryGetValue<double>(out var real) && double.IsFinite(real) && Math.Abs(real) < (double)decimal.MaxValue)
        {
            value = (decimal)real;
            return true;
        }
        if (scalar.TryGetValue<float>(out var single) && float.IsFinite(single))
        {
            value = (decimal)single;
            return true;
        }
        if (scalar.GetValueKind() == JsonValueKind.Number)
        {
            return decimal.TryParse(scalar.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
        return false;
    }

    private static bool ToBool(JsonNode? node, out bool value) => FromScalar(node, out value, bool.TryParse);

    private static bool ToTimeSpan(JsonNode? node, out TimeSpan value) => FromScalar(node, out value, DurationText.TryParse);

    private static bool ToDateTimeOffset(JsonNode? node, out DateTimeOffset value)
    {
        if (FromScalar(node, out value, static (string text, out DateTimeOffset parsed)
            => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out parsed)))
        {
            return true;
        }
        if (node is JsonValue scalar && scalar.TryGetValue<DateTime>(out var dateTime))
        {
            value = new DateTimeOffset(DateTime.SpecifyKind(dateTime, dateTime.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : dateTime.Kind));
            return true;
        }
        return false;
    }

    private delegate bool TextParser<T>(string text, out T value);

    /// <summary>A value of type <typeparamref name="T"/> held as such (from an expression) or written as text.</summary>
    private static bool FromScalar<T>(JsonNode? node, out T value, TextParser<T> parse)
        where T : struct
    {
        value = default;
        if (node is not JsonValue scalar)
        {
            return false;
        }
        if (scalar.TryGetValue(out value))
        {
            return true;
        }
        return scalar.TryGetValue<string>(out var text) && parse(text, out value);
    }

    // Values are cloned: a literal input belongs to the definition, shared by every instance.
    private static bool ToNode(JsonNode? node, out JsonNode? value)
    {
        value = node?.DeepClone();
        return true;
    }

    private static bool ToObject(JsonNode? node, out JsonObject? value)
    {
        value = null;
        return node is null || (node is JsonObject obj && Assign((JsonObject)obj.DeepClone(), out value));
    }

    private static bool ToArray(JsonNode? node, out JsonArray? value)
    {
        value = null;
        return node is null || (node is JsonArray array && Assign((JsonArray)array.DeepClone(), out value));
    }

    private static bool ToStringArray(JsonNode? node, out string[]? value)
    {
        var ok = ToStringList(node, out var list);
        value = list?.ToArray();
        return ok;
    }

    private static bool ToStringList(JsonNode? node, out List<string>? value)
    {
        value = null;
        switch (node)
        {
            case null:
                return true;
            case JsonArray array:
                var items = new List<string>(array.Count);
                foreach (var item in array)
                {
                    if (item is null || !ToString(item, out var text))
                    {
                        return false;
                    }
                    items.Add(text!);
                }
                value = items;
                return true;
            case JsonValue when ToString(node, out var single):
                value = [single!];
                return true;
            default:
                return false;
        }
    }

    private static bool ToSerialized<T>(JsonNode? node, out T value)
    {
        value = default!;
        if (node is null)
        {
            return !typeof(T).IsValueType;
        }
        try
        {
            value = node.Deserialize<T>(ObjectOptions)!;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (NotSupportedException)
        {
            return false;
        }
    }

    private static bool Assign<TValue>(TValue source, out TValue target)
    {
        target = source;
        return true;
    }
}
