using System.Collections;
using System.Globalization;
using System.Text.Json.Nodes;

namespace OmsFlow.Expressions.Runtime;

public static partial class DynamicOps
{
    public static int ToInt32(object? value) => value switch
    {
        int i => i,
        long l => checked((int)l),
        double d => checked((int)d),
        decimal m => (int)m,
        string s => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture),
        JsonNode node => ToInt32(FromJson(node)),
        _ => Convert.ToInt32(value, CultureInfo.InvariantCulture),
    };

    public static long ToInt64(object? value) => value switch
    {
        long l => l,
        int i => i,
        double d => checked((long)d),
        decimal m => (long)m,
        string s => long.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture),
        JsonNode node => ToInt64(FromJson(node)),
        _ => Convert.ToInt64(value, CultureInfo.InvariantCulture),
    };

    public static decimal ToDecimal(object? value) => value switch
    {
        decimal m => m,
        long l => l,
        int i => i,
        string s => decimal.Parse(s, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture),
        JsonNode node => ToDecimal(FromJson(node)),
        _ => Convert.ToDecimal(value, CultureInfo.InvariantCulture),
    };

    public static double ToDouble(object? value) => value switch
    {
        double d => d,
        long l => l,
        int i => i,
        string s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
        JsonNode node => ToDouble(FromJson(node)),
        _ => Convert.ToDouble(value, CultureInfo.InvariantCulture),
    };

    public static bool ToBoolean(object? value) => value switch
    {
        bool b => b,
        string s => bool.Parse(s),
        JsonNode node => ToBoolean(FromJson(node)),
        _ => Convert.ToBoolean(value, CultureInfo.InvariantCulture),
    };

    public static DateTime ToDateTime(object? value) => value switch
    {
        DateTime d => d,
        DateTimeOffset o => o.UtcDateTime,
        string s => DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        JsonNode node => ToDateTime(FromJson(node)),
        _ => Convert.ToDateTime(value, CultureInfo.InvariantCulture),
    };

    /// <summary>The text of a value as <c>String(x)</c> gives it: invariant culture, null stays null.</summary>
    public static string? ToText(object? value) => value switch
    {
        null => null,
        string s => s,
        JsonNode node when node is JsonValue => ToText(FromJson(node)),
        JsonNode node => node.ToJsonString(),
        JsonObjectView view => view.Node.ToJsonString(),
        DateTime d => d.ToString("o", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>Converts a run-time value to <paramref name="type"/> for a typed method argument or conversion.</summary>
    public static object? ConvertTo(object? value, Type type, SiteInfo site)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(site);
        if (value is null)
        {
            return type.IsValueType && Nullable.GetUnderlyingType(type) is null
                ? throw site.Error($"null cannot be used where {TypeNames.Of(type)} is required")
                : null;
        }

        if (type.IsInstanceOfType(value))
        {
            return value;
        }

        var target = Nullable.GetUnderlyingType(type) ?? type;
        try
        {
            return target switch
            {
                _ when target == typeof(int) => ToInt32(value),
                _ when target == typeof(long) => ToInt64(value),
                _ when target == typeof(decimal) => ToDecimal(value),
                _ when target == typeof(double) => ToDouble(value),
                _ when target == typeof(bool) => ToBoolean(value),
                _ when target == typeof(string) => ToText(value),
                _ when target == typeof(DateTime) => ToDateTime(value),
                _ when target == typeof(char) && value is string { Length: 1 } s => s[0],
                _ when target == typeof(Guid) => Guid.Parse(ToText(value)!),
                _ when target.IsEnum && value is string name => Enum.Parse(target, name, ignoreCase: true),
                _ when target.IsEnum => Enum.ToObject(target, ToInt64(value)),
                _ when target == typeof(object) => value,
                _ => Convert.ChangeType(value, target, CultureInfo.InvariantCulture),
            };
        }
        catch (Exception exception) when (exception is FormatException or InvalidCastException or OverflowException or ArgumentException)
        {
            throw site.Error($"cannot convert {Describe(value)} to {TypeNames.Of(type)}", exception);
        }
    }

    /// <summary>Converts an expression result to JSON: numbers, strings, booleans, dates as ISO-8601 text, lists and objects.</summary>
    public static JsonNode? ToJson(object? value)
    {
        switch (value)
        {
            case null:
                return null;
            case JsonNode node:
                return node.DeepClone();
            case JsonObjectView view:
                return view.Node.DeepClone();
            case string s:
                return JsonValue.Create(s);
            case bool b:
                return JsonValue.Create(b);
            case int i:
                return JsonValue.Create(i);
            case long l:
                return JsonValue.Create(l);
            case decimal m:
                return JsonValue.Create(m);
            case double d:
                return JsonValue.Create(d);
            case float f:
                return JsonValue.Create(f);
            case char c:
                return JsonValue.Create(c.ToString());
            case DateTime dt:
                return JsonValue.Create(dt.ToString("o", CultureInfo.InvariantCulture));
            case DateTimeOffset dto:
                return JsonValue.Create(dto.ToString("o", CultureInfo.InvariantCulture));
            case Enum e:
                return JsonValue.Create(e.ToString());
            case IDictionary<string, object?> dictionary:
                var result = new JsonObject();
                foreach (var pair in dictionary)
                {
                    result[pair.Key] = ToJson(pair.Value);
                }

                return result;
            case IEnumerable sequence:
                var array = new JsonArray();
                foreach (var item in sequence)
                {
                    array.Add(ToJson(item));
                }

                return array;
            case IFormattable formattable:
                return JsonValue.Create(formattable.ToString(null, CultureInfo.InvariantCulture));
            default:
                return System.Text.Json.JsonSerializer.SerializeToNode(value, value.GetType(), JsonSerializerOptionsForResults.Options);
        }
    }

    private static class JsonSerializerOptionsForResults
    {
        public static readonly System.Text.Json.JsonSerializerOptions Options = new(System.Text.Json.JsonSerializerDefaults.Web);
    }
}
