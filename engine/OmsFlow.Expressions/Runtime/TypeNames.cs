namespace OmsFlow.Expressions.Runtime;

/// <summary>Type names as rule authors write them (int, decimal, string), not CLR names.</summary>
public static class TypeNames
{
    public static string Of(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null)
        {
            return Of(underlying) + "?";
        }

        return type switch
        {
            _ when type == typeof(int) => "int",
            _ when type == typeof(long) => "long",
            _ when type == typeof(decimal) => "decimal",
            _ when type == typeof(double) => "double",
            _ when type == typeof(float) => "float",
            _ when type == typeof(bool) => "bool",
            _ when type == typeof(string) => "string",
            _ when type == typeof(char) => "char",
            _ when type == typeof(object) => "object",
            _ when type == typeof(System.Text.Json.Nodes.JsonObject) => "JSON object",
            _ when type == typeof(System.Text.Json.Nodes.JsonArray) => "JSON array",
            _ when type.IsGenericType => type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)] + "<" + string.Join(", ", type.GetGenericArguments().Select(Of)) + ">",
            _ => type.Name,
        };
    }
}
