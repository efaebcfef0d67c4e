using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Jurassic;
using Jurassic.Library;

namespace OmsFlow.Expressions.JavaScript.Runtime;

/// <summary>Converts between System.Text.Json nodes and Jurassic values without going through JSON text.</summary>
internal static class JsonBridge
{
    /// <summary>How deep a value may nest in either direction; deeper values are almost always cycles and would otherwise exhaust the stack.</summary>
    public const int MaxDepth = 64;

    /// <summary>How many elements a result array may have; a sparse array's length costs the script nothing but would cost the host a loop per element.</summary>
    public const uint MaxArrayLength = 1_000_000;

    public static object ToJavaScript(ScriptEngine engine, JsonNode? node, int depth = 0)
    {
        if (depth > MaxDepth)
        {
            throw new ScriptRuntimeException("InputError", $"input nests deeper than {MaxDepth} levels", null);
        }

        switch (node)
        {
            case null:
                return Null.Value;
            case JsonObject obj:
            {
                ObjectInstance result = engine.Object.Construct();
                foreach (var (name, value) in obj)
                {
                    result[name] = ToJavaScript(engine, value, depth + 1);
                }

                return result;
            }

            case JsonArray array:
            {
                object[] elements = new object[array.Count];
                for (int i = 0; i < elements.Length; i++)
                {
                    elements[i] = ToJavaScript(engine, array[i], depth + 1);
                }

                return engine.Array.New(elements);
            }

            default:
                return ToJavaScript(node.AsValue());
        }
    }

    private static object ToJavaScript(JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                return value.GetValue<string>();
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.Number:
            {
                double number = value.TryGetValue(out double direct) ? direct : double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture);
                return number % 1 == 0 && number is >= int.MinValue and <= int.MaxValue ? (int)number : number;
            }

            default:
                return Null.Value;
        }
    }

    public static JsonNode? ToJson(object? value, int depth = 0)
    {
        if (depth > MaxDepth)
        {
            throw new ScriptRuntimeException("ResultError", $"the result nests deeper than {MaxDepth} levels (does it contain a cycle?)", null);
        }

        switch (value)
        {
            case null or Null or Undefined or FunctionInstance or Symbol:
                return null;
            case bool flag:
                return JsonValue.Create(flag);
            // Every integer leaves as long, whichever representation the engine chose, so consumers read one type.
            case int integer:
                return JsonValue.Create((long)integer);
            case uint unsigned:
                return JsonValue.Create((long)unsigned);
            case double number:
                return ToJson(number);
            case string text:
                return JsonValue.Create(text);
            case ConcatenatedString text:
                return JsonValue.Create(text.ToString());
            case DateInstance date:
                return date.IsValid ? JsonValue.Create(date.ToISOString()) : null;
            case BooleanInstance boxed:
                return JsonValue.Create(boxed.Value);
            case NumberInstance boxed:
                return ToJson(boxed.Value);
            case StringInstance boxed:
                return JsonValue.Create(boxed.Value);
            case ArrayInstance array:
            {
                if (array.Length > MaxArrayLength)
                {
                    throw new ScriptRuntimeException("ResultError", $"an array of length {array.Length} is too long to return; the limit is {MaxArrayLength} elements", null);
                }

                var result = new JsonArray();
                for (uint i = 0; i < array.Length; i++)
                {
                    result.Add(ToJson(array[i], depth + 1));
                }

                return result;
            }

            case ObjectInstance obj:
            {
                var result = new JsonObject();
                foreach (PropertyNameAndValue property in obj.Properties)
                {
                    if (!property.IsEnumerable || property.Key is not string name)
                    {
                        continue;
                    }

                    object propertyValue = obj.GetPropertyValue(name);
                    if (propertyValue is Undefined or FunctionInstance)
                    {
                        continue;
                    }

                    result[name] = ToJson(propertyValue, depth + 1);
                }

                return result;
            }

            default:
                return JsonValue.Create(TypeConverter.ToString(value));
        }
    }

    private static JsonValue? ToJson(double number)
    {
        if (double.IsNaN(number) || double.IsInfinity(number))
        {
            return null;
        }

        // Whole numbers come back as integers so consumers can read them as long without a conversion.
        return number % 1 == 0 && Math.Abs(number) <= 9_007_199_254_740_992d ? JsonValue.Create((long)number) : JsonValue.Create(number);
    }
}
