namespace OmsFlow.Workflows.Activities.ControlFlow;

/// <summary>Merges the branches of the enclosing fork.</summary>
[Activity("Join", Category = "Control flow",
    Description = "Wait for the branches of the enclosing Fork. 'all' waits for every branch still alive (branches that ended elsewhere are not waited for); 'any' continues with the first and stops the others.")]
public sealed class Join : Activity
{
    [Input(Description = "all (default) or any", Options = ["all", "any"])]
    public string Mode { get; set; } = "all";

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var waitAll = !string.Equals(Mode, "any", StringComparison.OrdinalIgnoreCase);
        if (waitAll && !string.Equals(Mode, "all", StringComparison.OrdinalIgnoreCase))
        {
            return ValueTask.FromResult(ActivityResult.Fault($"Join mode must be 'all' or 'any', not '{Mode}'.", permanent: true));
        }
        return ValueTask.FromResult(ActivityResult.Join(waitAll));
    }
}
