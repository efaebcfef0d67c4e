namespace OmsFlow.Workflows.Activities.ControlFlow;

/// <summary>Completes the instance now, ending every other branch.</summary>
[Activity("End", Category = "Control flow", Outcomes = [], Description = "Complete the instance now with its outputs, stopping other branches.")]
public sealed class End : Activity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.EndInstance());
}
