using System.Text.Json;
using OmsFlow.Rules.Execution;

namespace OmsFlow.Rules.Actions;

/// <summary>A custom action registered in <see cref="ReSettings.CustomActions"/> and named in a rule's Actions.</summary>
public abstract class RuleAction
{
    /// <summary>Runs the action; the returned value becomes ActionResult.Output.</summary>
    public abstract object? Run(ActionContext context, IReadOnlyList<RuleParameter> parameters);
}

/// <summary>The context values of an action as written in the rule file, and the result of the rule that triggered it.</summary>
public sealed class ActionContext(IReadOnlyDictionary<string, JsonElement> context, RuleResultTree parentResult)
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNameCaseInsensitive = true };

    public RuleResultTree ParentResult { get; } = parentResult;

    /// <summary>A context value converted to <typeparamref name="T"/>; the name is case-insensitive.</summary>
    /// <exception cref="ArgumentException">The value is missing.</exception>
    public T GetContext<T>(string name)
    {
        foreach (var pair in context)
        {
            if (string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return typeof(T) == typeof(string) && pair.Value.ValueKind != JsonValueKind.String
                    ? (T)(object)pair.Value.GetRawText()
                    : pair.Value.Deserialize<T>(Options)!;
            }
        }

        throw new ArgumentException($"the action context has no '{name}'", nameof(name));
    }

    public bool Has(string name) => context.Keys.Any(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
}
