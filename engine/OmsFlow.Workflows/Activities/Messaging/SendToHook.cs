using System.Text.Json.Nodes;
using OmsFlow.Workflows.Runtime;

namespace OmsFlow.Workflows.Activities.Messaging;

/// <summary>
/// Hands a message to the running instance that waits, or will wait, on hook <c>path</c> for <c>key</c>, exactly as if
/// an integrator had called <c>POST /hooks/{path}/{key}</c>. The message is written in this step's commit and delivered
/// after it (buffered until the other instance waits), so it is sent once, also across a crash.
/// </summary>
[Activity("SendToHook", Category = "Integration", Outcomes = ["sent", "no-listener"],
    Description = "Send a message to the instance that waits (or will wait) on a hook for a key; kept until it waits. 'no-listener' when no running instance with that key waits on the hook.")]
public sealed class SendToHook : Activity
{
    [Input(Required = true, Description = "Hook path the other instance waits on, e.g. order-changes.")]
    public string Path { get; set; } = string.Empty;

    [Input(Required = true, Description = "Correlation key of the other instance, e.g. the order id.", Editor = "expression")]
    public string Key { get; set; } = string.Empty;

    [Input(Description = "The message: what the waiting step receives as its output.", Editor = "expression")]
    public JsonNode? Data { get; set; }

    [Input(Description = "How long the message is kept if the instance does not wait for it (default 24 h).", Editor = "duration")]
    public TimeSpan? TimeToLive { get; set; }

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Services.GetService(typeof(WorkflowEngine)) is not WorkflowEngine engine)
        {
            return ActivityResult.Fault("SendToHook needs the durable engine; it cannot run in a test run.", permanent: true);
        }
        var path = Path.Trim('/');
        if (path.Length == 0 || Key.Length == 0)
        {
            return ActivityResult.Fault("SendToHook needs a 'path' and a 'key'.", permanent: true);
        }
        var listener = await engine.FindHookListenerAsync(path, Key, context.CancellationToken).ConfigureAwait(false);
        if (listener is null)
        {
            return ActivityResult.Done("no-listener", new JsonObject { ["path"] = path, ["key"] = Key });
        }
        var expiresAt = context.Now + (TimeToLive ?? TimeSpan.FromHours(24));
        context.Enlist(engine.PrepareHookMessage(path, Key, Data, listener, context.Now, expiresAt));
        return ActivityResult.Done("sent", new JsonObject { ["instanceId"] = listener, ["expiresAt"] = expiresAt.ToString("O") });
    }
}
