namespace OmsFlow.Workflows.Activities.Blocking;

/// <summary>Waits for a named signal, optionally routed by a correlation key such as the order id.</summary>
[Activity("WaitForSignal", Category = "Blocking", Blocking = true, Outcomes = ["done", "timeout"],
    Description = "Wait for a named signal (POST /api/instances/{id}/signals/{name}, or by correlation key). Outcome 'timeout' after the optional timeout.")]
public sealed class WaitForSignal : Activity
{
    [Input(Required = true, Description = "Signal name, e.g. payment-captured.")]
    public string Signal { get; set; } = string.Empty;

    [Input(Description = "Correlation key that routes the signal here; defaults to the instance's correlation key.", Editor = "expression")]
    public string? Correlation { get; set; }

    [Input(Description = "Give up after this long (e.g. 2d) with outcome 'timeout'.", Editor = "duration")]
    public TimeSpan? Timeout { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
        => ValueTask.FromResult(ActivityResult.Suspend(Bookmarking.WithTimeout(
            new BookmarkRequest(BookmarkKind.Signal, Signal, Correlation ?? context.CorrelationKey), Timeout, context)));
}
