namespace OmsFlow.Workflows.Activities.ControlFlow;

/// <summary>Takes outcome <c>true</c> or <c>false</c> from a condition.</summary>
[Activity("If", Category = "Control flow", Description = "Branch on a condition: outcome true or false.", Outcomes = ["true", "false"])]
public sealed class If : Activity
{
    [Input(Required = true, Description = "The condition, e.g. =order.total > 1000", Editor = "expression")]
    public bool Condition { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
        => ValueTask.FromResult(ActivityResult.Done(Condition ? "true" : "false"));
}
