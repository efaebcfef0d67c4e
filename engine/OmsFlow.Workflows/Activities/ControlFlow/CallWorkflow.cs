using System.Text.Json.Nodes;

namespace OmsFlow.Workflows.Activities.ControlFlow;

/// <summary>Starts a published workflow as a child and waits for it.</summary>
[Activity("CallWorkflow", Category = "Control flow", Blocking = true, Outcomes = ["completed", "faulted"],
    Description = "Start the published version of another workflow and wait: 'completed' with its outputs, or 'faulted'.")]
public sealed class CallWorkflow : Activity
{
    [Input(Required = true, Description = "Id of the workflow to run.")]
    public string Workflow { get; set; } = string.Empty;

    [Input(Description = "Inputs of the child workflow.", Editor = "json")]
    public JsonObject Input { get; set; } = [];

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
        => ValueTask.FromResult(ActivityResult.CallWorkflow(Workflow, Input));
}
