using System.Text.Json.Nodes;

namespace OmsFlow.Workflows.Activities.Blocking;

/// <summary>A task for a person in a role (approve a discount, release a hold), with a form, outcomes and a timeout.</summary>
[Activity("HumanTask", Category = "Blocking", Blocking = true, DynamicOutcomes = true,
    Description = "Ask a person in a role to decide. Outcomes are the task's 'outcomes' (default approve/reject), or 'timeout'. Output: {outcome, comment, data, completedBy}.")]
public sealed class HumanTask : Activity
{
    [Input(Required = true, Description = "Role that may complete the task, e.g. approver.")]
    public string Role { get; set; } = string.Empty;

    [Input(Required = true, Description = "What the person sees in the inbox.")]
    public string Title { get; set; } = string.Empty;

    [Input(Description = "Details shown with the task.", Editor = "multiline")]
    public string? Description { get; set; }

    [Input(Description = "Form fields: [{name, label, type, required}].", Editor = "json")]
    public JsonArray? Form { get; set; }

    [Input(Description = "Possible decisions.")]
    public IReadOnlyList<string> Outcomes { get; set; } = ["approve", "reject"];

    [Input(Description = "Escalate after this long with outcome 'timeout'.", Editor = "duration")]
    public TimeSpan? Timeout { get; set; }

    [Input(Description = "Data shown with the task (e.g. the order summary).", Editor = "expression")]
    public JsonNode? Data { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var payload = new JsonObject
        {
            ["role"] = Role,
            ["title"] = Title,
            ["description"] = Description,
            ["form"] = Form?.DeepClone() ?? new JsonArray(),
            ["outcomes"] = new JsonArray([.. Outcomes.Select(o => JsonValue.Create(o))]),
            ["data"] = Data?.DeepClone(),
            ["dueAt"] = Timeout is { } t ? (context.Now + t).ToString("O") : null,
        };
        return ValueTask.FromResult(ActivityResult.Suspend(Bookmarking.WithTimeout(
            new BookmarkRequest(BookmarkKind.Task, Title, context.CorrelationKey, Payload: payload), Timeout, context)));
    }

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, ResumeEvent resumeEvent)
    {
        ArgumentNullException.ThrowIfNull(resumeEvent);
        if (resumeEvent.Kind == BookmarkKind.Timer)
        {
            return ValueTask.FromResult(ActivityResult.Done("timeout"));
        }
        var outcome = resumeEvent.Outcome ?? resumeEvent.Data?["outcome"]?.GetValue<string>();
        if (outcome is null || !Outcomes.Contains(outcome, StringComparer.OrdinalIgnoreCase))
        {
            return ValueTask.FromResult(ActivityResult.Fault($"Task outcome must be one of {string.Join(", ", Outcomes)}, not '{outcome}'.", permanent: true));
        }
        var normalized = Outcomes.First(o => string.Equals(o, outcome, StringComparison.OrdinalIgnoreCase));
        return ValueTask.FromResult(ActivityResult.Done(normalized, resumeEvent.Data?.DeepClone()));
    }
}
