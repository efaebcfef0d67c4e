using System.Text.Json.Nodes;

namespace OmsFlow.Workflows.Activities.Data;

/// <summary>Sets one or more workflow variables.</summary>
[Activity("SetVariable", Category = "Data", Description = "Set a variable ('name' + 'value'), or several at once with 'values'.")]
public sealed class SetVariable : Activity
{
    [Input(Description = "Variable to set.")]
    public string? Name { get; set; }

    [Input(Description = "Its new value (literal or =expression).", Editor = "expression")]
    public JsonNode? Value { get; set; }

    [Input(Description = "Several variables at once: {name: value}.", Editor = "json")]
    public JsonObject? Values { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (Name is null && Values is null)
        {
            return ValueTask.FromResult(ActivityResult.Fault("SetVariable needs 'name' and 'value', or 'values'.", permanent: true));
        }
        if (Name is not null)
        {
            context.Variables[Name] = Value?.DeepClone();
        }
        foreach (var (name, value) in Values ?? [])
        {
            context.Variables[name] = value?.DeepClone();
        }
        return ValueTask.FromResult(ActivityResult.Done());
    }
}
