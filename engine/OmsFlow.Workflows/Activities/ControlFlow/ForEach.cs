using System.Text.Json.Nodes;

namespace OmsFlow.Workflows.Activities.ControlFlow;

/// <summary>Runs the step's body once per item, one after another or in parallel.</summary>
[Activity("ForEach", Category = "Control flow",
    Description = "Run the 'body' steps once per item (visible as 'item' and 'index'); completes with the list of each body's last output.")]
public sealed class ForEach : Activity
{
    [Input(Required = true, Description = "The list, e.g. =order.lines", Editor = "expression")]
    public JsonArray Items { get; set; } = [];

    [Input(Description = "Run items in parallel instead of one after another.")]
    public bool Parallel { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
        => ValueTask.FromResult(ActivityResult.Iterate(Items, Parallel));
}
