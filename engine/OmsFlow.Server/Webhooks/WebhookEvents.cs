using System.Text.Json.Nodes;
using OmsFlow.Persistence.Records;
using OmsFlow.Workflows.Outbox;
using OmsFlow.Workflows.Runtime;

namespace OmsFlow.Server.Webhooks;

/// <summary>
/// Publishes <c>instance.completed</c> and <c>instance.faulted</c> when an instance ends so (only when some enabled
/// subscription wants that type), as an outbox event written in the same commit as the instance's final state: the event
/// is durable exactly when the end is, and a crash cannot separate them.
/// </summary>
internal sealed class InstanceEventSource(WebhookSubscriptions subscriptions) : IInstanceCommitHook
{
    public async ValueTask OnCommittingAsync(InstanceCommit commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        if (!commit.Ends || commit.Status is not (InstanceStatus.Completed or InstanceStatus.Faulted))
        {
            return;
        }
        var type = commit.Status == InstanceStatus.Completed ? "instance.completed" : "instance.faulted";
        var enabled = await subscriptions.EnabledAsync(cancellationToken).ConfigureAwait(false);
        if (!enabled.Any(s => s.Matches(type)))
        {
            return;
        }
        var now = commit.Now;
        // A completion happens once per instance; a fault can recur after retries, so its id includes the commit's revision.
        var id = type == "instance.completed" ? $"event:{type}:{commit.InstanceId}" : $"event:{type}:{commit.InstanceId}:{commit.Revision}";
        var outcome = commit.Outcome;
        var data = new JsonObject
        {
            ["instanceId"] = outcome.InstanceId,
            ["workflowId"] = outcome.WorkflowId,
            ["version"] = outcome.Version,
            ["status"] = outcome.Status.ToString(),
            ["outputs"] = outcome.Outputs,
            ["error"] = outcome.Error,
        };
        commit.Unit.Outbox.Add(new OutboxRecord
        {
            Id = id,
            InstanceId = commit.InstanceId,
            CorrelationKey = commit.CorrelationKey,
            Channel = WebhookChannels.Event,
            Topic = type,
            Payload = WebhookChannels.Envelope(id, type, now, data).ToJsonString(),
            Status = "pending",
            CreatedAt = now.ToUnixTimeMilliseconds(),
            NextAttemptAt = now.ToUnixTimeMilliseconds(),
        });
    }
}
