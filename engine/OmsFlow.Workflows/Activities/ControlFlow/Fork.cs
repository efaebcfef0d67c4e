using OmsFlow.Workflows.Definitions;

namespace OmsFlow.Workflows.Activities.ControlFlow;

/// <summary>Starts every transition of the step at once as parallel branches.</summary>
[Activity("Fork", Category = "Control flow", DynamicOutcomes = true,
    Description = "Run every outgoing branch in parallel; a Join later waits for the branches that were started.")]
public sealed class Fork : Activity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var branches = context.Step.Next.Keys.Where(k => k != StepDefinition.CatchAllOutcome).ToList();
        if (branches.Count == 0)
        {
            branches.Add(ActivityResult.DefaultOutcome);
        }
        return ValueTask.FromResult(ActivityResult.Branches(branches));
    }
}
