using System.Text.Json.Nodes;

namespace OmsFlow.Workflows.Activities.ControlFlow;

/// <summary>Takes the outcome of the first case whose condition holds, else <c>default</c>.</summary>
[Activity("Switch", Category = "Control flow", DynamicOutcomes = true,
    Description = "Pick the first case whose 'when' holds; its 'outcome' names the transition. Falls back to 'default'.")]
public sealed class Switch : Activity
{
    /// <summary>Cases <c>[{when: =expr, outcome: name}]</c>, already evaluated to booleans.</summary>
    [Input(Required = true, Description = "List of {when, outcome}; the first true 'when' wins.", Editor = "json")]
    public JsonArray Cases { get; set; } = [];

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        for (var i = 0; i < Cases.Count; i++)
        {
            if (Cases[i] is not JsonObject @case || @case["outcome"]?.GetValue<string>() is not { Length: > 0 } outcome)
            {
                return ValueTask.FromResult(ActivityResult.Fault($"Case {i + 1} needs an 'outcome' name.", permanent: true));
            }
            if (@case["when"] is JsonValue when && when.TryGetValue(out bool holds) && holds)
            {
                return ValueTask.FromResult(ActivityResult.Done(outcome, JsonValue.Create(outcome)));
            }
        }
        return ValueTask.FromResult(ActivityResult.Done("default", JsonValue.Create("default")));
    }
}
