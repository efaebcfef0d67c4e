using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using HandlebarsDotNet;

namespace OmsFlow.Templates.Helpers;

/// <summary>Reads helper arguments the same way whether they come from typed models or JSON.</summary>
internal static class HelperValue
{
    private const double DecimalLimit = 7.9e28;

    /// <summary>Turns JSON scalars into CLR values and Handlebars' "undefined" into null; objects pass through.</summary>
    public static object? Unwrap(object? value) => value switch
    {
        null or UndefinedBindingResult => null,
        JsonElement element => UnwrapElement(element),
        JsonValue node => UnwrapElement(node.GetValue<JsonElement>()),
        _ => value,
    };

    private static object? UnwrapElement(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetDecimal(out var d) ? d : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => element,
    };

    public static bool IsMissing(object? value) => Unwrap(value) is null;

    public static string? AsString(object? value) => Unwrap(value) switch
    {
        null => null,
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        var other => other.ToString(),
    };

    public static bool TryDecimal(object? value, out decimal result)
    {
        switch (Unwrap(value))
        {
            case decimal d: result = d; return true;
            case int i: result = i; return true;
            case long l: result = l; return true;
            // Beyond decimal's range (about 7.9e28) a double is no amount; callers fall back to comparing doubles.
            case double db when double.IsFinite(db) && Math.Abs(db) < DecimalLimit: result = (decimal)db; return true;
            case float f when float.IsFinite(f) && Math.Abs(f) < DecimalLimit: result = (decimal)f; return true;
            case short s: result = s; return true;
            case byte b: result = b; return true;
            case string s when decimal.TryParse(s, NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed):
                result = parsed;
                return true;
            default: result = 0; return false;
        }
    }

    /// <summary>Any number, including those beyond decimal's range (JSON allows 1e300), for comparisons.</summary>
    public static bool TryDouble(object? value, out double result)
    {
        if (TryDecimal(value, out var d))
        {
            result = (double)d;
            return true;
        }
        switch (Unwrap(value))
        {
            case double db: result = db; return true;
            case float f: result = f; return true;
            case string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed):
                result = parsed;
                return true;
            default: result = 0; return false;
        }
    }

    public static decimal AsDecimal(object? value, string helper) =>
        TryDecimal(value, out var result)
            ? result
            : throw new HandlebarsRuntimeException($"'{helper}' expects a number but got '{AsString(value) ?? "nothing"}'.");

    /// <summary>True for calendar dates without a time (<c>2026-12-22</c>, <see cref="DateOnly"/>): they name a day, not an instant.</summary>
    public static bool IsDateOnly(object? value) => Unwrap(value) switch
    {
        DateOnly => true,
        string { Length: 10 } s => DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        _ => false,
    };

    public static bool TryDate(object? value, out DateTimeOffset result)
    {
        switch (Unwrap(value))
        {
            case DateTimeOffset dto: result = dto; return true;
            case DateTime dt: result = dt.Kind == DateTimeKind.Unspecified ? new DateTimeOffset(dt, TimeSpan.Zero) : new DateTimeOffset(dt); return true;
            case DateOnly d: result = new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero); return true;
            case string s when DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed):
                result = parsed;
                return true;
            default: result = default; return false;
        }
    }

    /// <summary>Handlebars truthiness: null, false, 0, "" and empty arrays are false.</summary>
    public static bool IsTruthy(object? value) => Unwrap(value) switch
    {
        null => false,
        bool b => b,
        string s => s.Length > 0,
        decimal d => d != 0,
        double d => d != 0,
        int i => i != 0,
        long l => l != 0,
        JsonElement { ValueKind: JsonValueKind.Array } array => array.GetArrayLength() > 0,
        System.Collections.ICollection collection => collection.Count > 0,
        _ => true,
    };

    /// <summary>Positional argument count: Handlebars.Net appends the hash (<c>key=value</c> pairs) as a last argument.</summary>
    public static int Count(Arguments arguments) =>
        arguments.Length > 0 && arguments[arguments.Length - 1] is HandlebarsDotNet.Compiler.HashParameterDictionary
            ? arguments.Length - 1
            : arguments.Length;

    /// <summary>A <c>key=value</c> argument as text; reads the hash only when the call has one (the common call has none).</summary>
    public static string? HashString(Arguments arguments, string name) =>
        arguments.Length > 0 && arguments[arguments.Length - 1] is HandlebarsDotNet.Compiler.HashParameterDictionary hash && hash.TryGetValue(name, out var value)
            ? AsString(value)
            : null;

    public static CultureInfo Culture(Arguments arguments) =>
        HashString(arguments, "culture") is { Length: > 0 } name ? CultureInfo.GetCultureInfo(name) : Rendering.RenderScope.Current.Culture;
}
