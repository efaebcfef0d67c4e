namespace OmsFlow.Workflows.Activities.ControlFlow;

/// <summary>Faults the instance on purpose (a business rule says the order cannot go on).</summary>
[Activity("Fault", Category = "Control flow", Outcomes = [], Description = "Fault the instance with a message; compensation runs as the workflow's onFault says.")]
public sealed class Fault : Activity
{
    [Input(Required = true, Description = "Why the instance faults.")]
    public string Message { get; set; } = string.Empty;

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
        => ValueTask.FromResult(ActivityResult.Fault(Message, permanent: true));
}
