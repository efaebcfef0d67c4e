using System.Text.Json.Nodes;

namespace OmsFlow.Workflows.Activities;

/// <summary>What a step's activity decided: continue on outcome(s), suspend on bookmarks, fault, or a control-flow instruction.</summary>
public sealed class ActivityResult
{
    public const string DefaultOutcome = "done";

    private ActivityResult(ActivityResultKind kind)
    {
        Kind = kind;
    }

    public ActivityResultKind Kind { get; }

    /// <summary>Outcomes taken; more than one starts parallel branches (fork).</summary>
    public IReadOnlyList<string> Outcomes { get; private init; } = [];

    /// <summary>The step's output, stored as <c>steps.NAME.output</c> and in the journal.</summary>
    public JsonNode? Output { get; private init; }

    public IReadOnlyList<BookmarkRequest> Bookmarks { get; private init; } = [];

    public string? Error { get; private init; }

    /// <summary>Fault that retrying cannot fix (bad input): retries are skipped.</summary>
    public bool Permanent { get; private init; }

    /// <summary>For <see cref="ActivityResultKind.Iterate"/>: the items and whether they run in parallel.</summary>
    public JsonArray? Items { get; private init; }

    public bool Parallel { get; private init; }

    /// <summary>For <see cref="ActivityResultKind.CallWorkflow"/>: the workflow to start and its input.</summary>
    public string? ChildWorkflowId { get; private init; }

    public JsonObject? ChildInput { get; private init; }

    public static ActivityResult Done(string outcome = DefaultOutcome, JsonNode? output = null)
        => new(ActivityResultKind.Completed) { Outcomes = [outcome], Output = output };

    public static ActivityResult Done(JsonNode? output) => Done(DefaultOutcome, output);

    /// <summary>Continue on every outcome at once: each starts a branch (what <c>Fork</c> does).</summary>
    public static ActivityResult Branches(IReadOnlyList<string> outcomes, JsonNode? output = null)
        => new(ActivityResultKind.Completed) { Outcomes = outcomes, Output = output };

    public static ActivityResult Suspend(params BookmarkRequest[] bookmarks)
        => new(ActivityResultKind.Suspended) { Bookmarks = bookmarks };

    public static ActivityResult Fault(string error, bool permanent = false)
        => new(ActivityResultKind.Faulted) { Error = error, Permanent = permanent };

    /// <summary>Wait at this step until every branch of the enclosing fork that was started has arrived or ended.</summary>
    public static ActivityResult Join(bool waitAll) => new(ActivityResultKind.Join) { Parallel = waitAll };

    /// <summary>Run the step's body once per item; the step completes with outcome <c>done</c> when all have ended.</summary>
    public static ActivityResult Iterate(JsonArray items, bool parallel) => new(ActivityResultKind.Iterate) { Items = items, Parallel = parallel };

    /// <summary>Start a child instance and wait for it; completes with <c>completed</c> (its outputs) or <c>faulted</c>.</summary>
    public static ActivityResult CallWorkflow(string workflowId, JsonObject input) => new(ActivityResultKind.CallWorkflow) { ChildWorkflowId = workflowId, ChildInput = input };

    /// <summary>Complete the whole instance now with the workflow's outputs, ending every other branch.</summary>
    public static ActivityResult EndInstance() => new(ActivityResultKind.EndInstance);
}

public enum ActivityResultKind
{
    Completed,
    Suspended,
    Faulted,
    Join,
    Iterate,
    CallWorkflow,
    EndInstance,
}
