using System.Text.Json.Nodes;

namespace OmsFlow.Expressions;

/// <summary>
/// A named input of an expression and its type. JSON types (<see cref="JsonNode"/> and subclasses),
/// <see cref="object"/> and string-keyed dictionaries are bound as run-time values: members that do not exist read as null.
/// </summary>
public sealed record ExpressionParameter(string Name, Type Type)
{
    /// <summary>An input holding a JSON value.</summary>
    public static ExpressionParameter Json(string name) => new(name, typeof(JsonNode));

    /// <summary>An input holding a CLR object of type <typeparamref name="T"/>.</summary>
    public static ExpressionParameter Of<T>(string name) => new(name, typeof(T));
}

/// <summary>Settings of the expression language.</summary>
public sealed record ExpressionOptions
{
    /// <summary>The defaults: identifiers and members case-insensitive, no custom types.</summary>
    public static ExpressionOptions Default { get; } = new();

    /// <summary>Whether input names, members and methods match regardless of case.</summary>
    /// <remarks>Defaults to true, as Dynamic LINQ does.</remarks>
    public bool IgnoreCase { get; init; } = true;

    /// <summary>Host types whose static and instance methods expressions may call (RulesEngine's CustomTypes).</summary>
    public IReadOnlyCollection<Type> CustomTypes { get; init; } = [];

    /// <summary>When false (default) expressions start interpreted and are compiled to IL in the background after a few runs.</summary>
    public bool CompileImmediately { get; init; }
}
