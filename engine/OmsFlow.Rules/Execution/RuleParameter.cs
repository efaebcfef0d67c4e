using System.Text.Json.Nodes;

namespace OmsFlow.Rules.Execution;

/// <summary>A named input of a rule execution: a typed CLR object or a JSON value.</summary>
public sealed class RuleParameter(string name, object? value)
{
    public string Name { get; } = name;

    public object? Value { get; } = value;

    /// <summary>The static type expressions are bound against: JSON and null values bind as run-time values.</summary>
    public Type Type => Value switch
    {
        null => typeof(object),
        JsonNode => typeof(JsonNode),
        _ => Value.GetType(),
    };

    /// <summary>Names plain values input1, input2, ... as RulesEngine does for <c>ExecuteAllRulesAsync(name, params object[])</c>.</summary>
    public static RuleParameter[] FromInputs(params object?[] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.Select((value, i) => new RuleParameter($"input{i + 1}", value)).ToArray();
    }
}
