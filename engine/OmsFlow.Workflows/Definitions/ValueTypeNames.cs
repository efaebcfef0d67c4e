namespace OmsFlow.Workflows.Definitions;

/// <summary>The names definitions use for <see cref="ValueType"/> (<c>type: decimal</c>).</summary>
public static class ValueTypeNames
{
    private static readonly Dictionary<string, ValueType> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["any"] = ValueType.Any,
        ["string"] = ValueType.String,
        ["text"] = ValueType.String,
        ["int"] = ValueType.Int,
        ["integer"] = ValueType.Int,
        ["decimal"] = ValueType.Decimal,
        ["number"] = ValueType.Decimal,
        ["bool"] = ValueType.Bool,
        ["boolean"] = ValueType.Bool,
        ["datetime"] = ValueType.DateTime,
        ["date-time"] = ValueType.DateTime,
        ["duration"] = ValueType.Duration,
        ["object"] = ValueType.Object,
        ["array"] = ValueType.Array,
        ["list"] = ValueType.Array,
    };

    /// <summary>The canonical names, as written back by the writers.</summary>
    public static IReadOnlyList<string> Canonical { get; } = ["any", "string", "int", "decimal", "bool", "datetime", "duration", "object", "array"];

    public static bool TryParse(string name, out ValueType type) => ByName.TryGetValue(name, out type);

    public static string Name(ValueType type) => type switch
    {
        ValueType.Any => "any",
        ValueType.String => "string",
        ValueType.Int => "int",
        ValueType.Decimal => "decimal",
        ValueType.Bool => "bool",
        ValueType.DateTime => "datetime",
        ValueType.Duration => "duration",
        ValueType.Object => "object",
        ValueType.Array => "array",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown value type."),
    };
}
