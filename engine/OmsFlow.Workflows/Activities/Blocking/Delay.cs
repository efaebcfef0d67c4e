namespace OmsFlow.Workflows.Activities.Blocking;

/// <summary>Waits for a duration; durable across restarts.</summary>
[Activity("Delay", Category = "Blocking", Blocking = true, Description = "Wait for a duration such as 15m or 3d (a durable timer).")]
public sealed class Delay : Activity
{
    [Input(Required = true, Description = "How long, e.g. 15m, 2h, 3d.", Editor = "duration")]
    public TimeSpan Duration { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
        => ValueTask.FromResult(ActivityResult.Suspend(new BookmarkRequest(BookmarkKind.Timer, "delay", DueAt: context.Now + Duration)));
}
