using System.Text.Json.Nodes;
using OmsFlow.Workflows.Outbox;

namespace OmsFlow.Workflows.Activities.Messaging;

/// <summary>
/// Publishes a business event (<c>order.created</c>, <c>order.shipped</c>, ...) to every webhook subscription for its
/// type. The event is queued in the step's own transaction, so it leaves exactly when the step commits.
/// </summary>
[Activity("PublishEvent", Category = "Integration", Description = "Send an event (e.g. order.shipped) to the webhook subscribers of its type.")]
public sealed class PublishEvent : Activity
{
    /// <summary>Event type, lowercase dotted: <c>order.shipped</c>.</summary>
    [Input(Description = "Event type, e.g. order.shipped.", Required = true)]
    public string? Type { get; set; }

    /// <summary>The event's <c>data</c>: what subscribers receive.</summary>
    [Input(Description = "The event data subscribers receive (literal or =expression).", Editor = "expression")]
    public JsonNode? Data { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrWhiteSpace(Type) || Type.Length > 100 || Type.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')))
        {
            return ValueTask.FromResult(ActivityResult.Fault(
                $"PublishEvent needs a 'type' of letters, digits, '.', '_' or '-' (e.g. order.shipped); got '{Type}'.", permanent: true));
        }
        var key = "event:" + Type;
        var envelope = WebhookChannels.Envelope(context.ExecutionKey + ":" + key, Type, context.Now, Data);
        context.Send(new OutgoingMessage(WebhookChannels.Event, key, envelope, Type));
        return ValueTask.FromResult(ActivityResult.Done(new JsonObject { ["eventId"] = envelope["id"]!.GetValue<string>() }));
    }
}
