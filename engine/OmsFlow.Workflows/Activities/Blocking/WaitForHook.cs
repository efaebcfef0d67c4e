namespace OmsFlow.Workflows.Activities.Blocking;

/// <summary>Waits for an integrator to call <c>POST /hooks/{path}/{key}</c>.</summary>
/// <remarks>
/// A call that reached the instance before this step waited (kept by <see cref="Runtime.WorkflowEngine.BufferHookAsync"/>,
/// or sent by another instance's <c>SendToHook</c>) resumes the step at once, oldest first, in the commit that would
/// otherwise have made it wait.
/// </remarks>
[Activity("WaitForHook", Category = "Blocking", Blocking = true, Outcomes = ["done", "timeout"],
    Description = "Wait for an HTTP call to /hooks/{path}/{key}; its JSON body becomes this step's output. A call that came before the wait is kept and taken at once, oldest first.")]
public sealed class WaitForHook : Activity
{
    [Input(Required = true, Description = "Hook path, e.g. shipments.")]
    public string Path { get; set; } = string.Empty;

    [Input(Description = "Key in the URL that routes the call here; defaults to the instance's correlation key.", Editor = "expression")]
    public string? Correlation { get; set; }

    [Input(Description = "Give up after this long with outcome 'timeout'.", Editor = "duration")]
    public TimeSpan? Timeout { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var key = Correlation ?? context.CorrelationKey ?? context.InstanceId;
        return ValueTask.FromResult(ActivityResult.Suspend(Bookmarking.WithTimeout(
            new BookmarkRequest(BookmarkKind.Hook, Path.Trim('/'), key), Timeout, context)));
    }
}
