using System.Text.Json;
using System.Text.RegularExpressions;
using OmsFlow.Expressions.Runtime;

namespace OmsFlow.Rules.Execution;

/// <summary>
/// Replaces <c>$(name)</c> in a rule's ErrorMessage with the input's value as JSON, and <c>$(name.member...)</c> with
/// the member's text, as RulesEngine does; an unknown input is left as written, an unknown member becomes <c>(name.member)</c>.
/// </summary>
public static partial class ErrorMessageFormatter
{
    [GeneratedRegex(@"\$\(([^)]+)\)")]
    private static partial Regex Placeholder();

    public static string Format(string errorMessage, IReadOnlyDictionary<string, object?> inputs)
    {
        ArgumentNullException.ThrowIfNull(errorMessage);
        ArgumentNullException.ThrowIfNull(inputs);
        return Placeholder().Replace(errorMessage, match =>
        {
            var path = match.Groups[1].Value.Split('.');
            if (!inputs.TryGetValue(path[0], out var value))
            {
                return match.Value;
            }

            if (path.Length == 1)
            {
                return value is null ? match.Value : Serialize(value);
            }

            var site = new SiteInfo(1, 1, ignoreCase: true);
            object? current = value;
            foreach (var member in path.Skip(1))
            {
                try
                {
                    current = current is null ? null : DynamicOps.MemberOrNull(current, member, site);
                }
                catch (OmsFlow.Expressions.ExpressionException)
                {
                    current = null;
                }
            }

            return current is null ? $"({match.Groups[1].Value})" : Text(current);
        });
    }

    private static string Serialize(object value) => DynamicOps.ToJson(value)?.ToJsonString() ?? "null";

    private static string Text(object value) => value switch
    {
        string s => s,
        bool b => b ? "True" : "False",
        _ when DynamicOps.ToJson(value) is System.Text.Json.Nodes.JsonValue json && json.GetValueKind() != JsonValueKind.String => json.ToJsonString(),
        System.Text.Json.Nodes.JsonNode node => node.ToJsonString(),
        _ => DynamicOps.ToText(value) ?? string.Empty,
    };
}
