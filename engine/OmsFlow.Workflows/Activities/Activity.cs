namespace OmsFlow.Workflows.Activities;

/// <summary>
/// Base of every activity. A fresh instance is created for each execution, its <see cref="InputAttribute"/>
/// properties set from the step's evaluated inputs, then <see cref="ExecuteAsync"/> runs.
/// </summary>
/// <remarks>
/// To add a custom activity: derive from this class, add <see cref="ActivityAttribute"/> and input properties,
/// and register the assembly with the activity registry. Side effects that leave the process go through
/// <see cref="ActivityContext.Send"/> (the outbox), never directly, so a retried step never sends twice.
/// </remarks>
public abstract class Activity
{
    public abstract ValueTask<ActivityResult> ExecuteAsync(ActivityContext context);

    /// <summary>
    /// Called when a bookmark this activity created is resumed. The default completes with the bookmark's
    /// resume outcome (e.g. <c>timeout</c> for a timeout timer, else <c>done</c>) and the resume data as output.
    /// </summary>
    public virtual ValueTask<ActivityResult> ResumeAsync(ActivityContext context, ResumeEvent resumeEvent)
        => ValueTask.FromResult(ActivityResult.Done(resumeEvent.Outcome ?? ActivityResult.DefaultOutcome, resumeEvent.Data));
}
