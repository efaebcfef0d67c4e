namespace OmsFlow.Workflows.Activities.Blocking;

/// <summary>Waits until a point in time; continues at once if it has passed.</summary>
[Activity("WaitUntil", Category = "Blocking", Blocking = true, Description = "Wait until a timestamp (ISO 8601, e.g. =order.promiseDate).")]
public sealed class WaitUntil : Activity
{
    [Input(Required = true, Description = "When to continue.", Editor = "expression")]
    public DateTimeOffset At { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
        => ValueTask.FromResult(At <= context.Now
            ? ActivityResult.Done()
            : ActivityResult.Suspend(new BookmarkRequest(BookmarkKind.Timer, "until", DueAt: At)));
}
