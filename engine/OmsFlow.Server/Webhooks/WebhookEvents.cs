using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using OmsFlow.Persistence.Records;
using OmsFlow.Persistence.Storage;
using OmsFlow.Workflows.Outbox;
using OmsFlow.Workflows.Runtime;

namespace OmsFlow.Server.Webhooks;

/// <summary>Channels of the webhook pipeline in the outbox.</summary>
public static class WebhookChannels
{
    /// <summary>An event to publish: its payload is the envelope; delivery fans it out to every matching subscription.</summary>
    public const string Event = "webhook";

    /// <summary>One signed POST of one event to one subscription.</summary>
    public const string Delivery = "webhook-delivery";

    /// <summary>
    /// The Standard Webhooks envelope <c>{id, type, occurredAt, data}</c>; <paramref name="idSource"/> makes the id
    /// stable, so a re-published event keeps its <c>webhook-id</c> and receivers can deduplicate.
    /// </summary>
    public static JsonObject Envelope(string idSource, string type, DateTimeOffset occurredAt, JsonNode? data) => new()
    {
        ["id"] = "evt_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idSource)))[..32],
        ["type"] = type,
        ["occurredAt"] = occurredAt.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["data"] = data?.DeepClone(),
    };
}

/// <summary>
/// Publishes <c>instance.completed</c> and <c>instance.faulted</c> when the engine commits an instance that ended so,
/// as outbox events (only when some enabled subscription wants that type).
/// </summary>
/// <remarks>
/// The engine raises <see cref="WorkflowEngine.Committed"/> after its commit, so these events are written in a
/// second transaction: a crash between the two loses the event. Events that must not be lost are published by the
/// workflow itself with the <c>PublishEvent</c> activity, inside the step's transaction.
/// </remarks>
internal sealed partial class InstanceEventSource(
    WorkflowEngine engine, OmsFlowStorage storage, WebhookSubscriptions subscriptions, IServiceProvider services, TimeProvider clock,
    ILogger<InstanceEventSource> logger) : IHostedService
{
    private readonly Channel<InstanceOutcome> _outcomes = Channel.CreateUnbounded<InstanceOutcome>(new UnboundedChannelOptions { SingleReader = true });
    private Task? _loop;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        engine.Committed += OnCommitted;
        _loop = Task.Run(LoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        engine.Committed -= OnCommitted;
        _outcomes.Writer.TryComplete();
        if (_loop is not null)
        {
            await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void OnCommitted(InstanceOutcome outcome)
    {
        if (outcome.Status is InstanceStatus.Completed or InstanceStatus.Faulted)
        {
            _outcomes.Writer.TryWrite(outcome);
        }
    }

    private async Task LoopAsync()
    {
        await foreach (var outcome in _outcomes.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                await PublishAsync(outcome).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
            {
                LogPublishFailed(logger, outcome.InstanceId, ex);
            }
        }
    }

    private async Task PublishAsync(InstanceOutcome outcome)
    {
        var type = outcome.Status == InstanceStatus.Completed ? "instance.completed" : "instance.faulted";
        var enabled = await subscriptions.EnabledAsync(CancellationToken.None).ConfigureAwait(false);
        if (!enabled.Any(s => s.Matches(type)))
        {
            return;
        }
        var now = clock.GetUtcNow();
        // A completion happens once per instance; a fault can recur after retries, so its id includes the time.
        var id = type == "instance.completed" ? $"event:{type}:{outcome.InstanceId}" : $"event:{type}:{outcome.InstanceId}:{now.ToUnixTimeMilliseconds()}";
        var data = new JsonObject
        {
            ["instanceId"] = outcome.InstanceId,
            ["workflowId"] = outcome.WorkflowId,
            ["version"] = outcome.Version,
            ["status"] = outcome.Status.ToString(),
            ["outputs"] = outcome.Outputs?.DeepClone(),
            ["error"] = outcome.Error,
        };
        await using var context = storage.CreateContext();
        var correlationKey = await context.Instances.AsNoTracking().Where(i => i.Id == outcome.InstanceId).Select(i => i.CorrelationKey)
            .FirstOrDefaultAsync().ConfigureAwait(false);
        context.Outbox.Add(new OutboxRecord
        {
            Id = id,
            InstanceId = outcome.InstanceId,
            CorrelationKey = correlationKey,
            Channel = WebhookChannels.Event,
            Topic = type,
            Payload = WebhookChannels.Envelope(id, type, now, data).ToJsonString(),
            Status = "pending",
            CreatedAt = now.ToUnixTimeMilliseconds(),
            NextAttemptAt = now.ToUnixTimeMilliseconds(),
        });
        await context.SaveChangesAsync().ConfigureAwait(false);
        services.GetRequiredService<OutboxDispatcher>().Wake();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not publish the end event of instance {InstanceId}")]
    private static partial void LogPublishFailed(ILogger logger, string instanceId, Exception exception);
}
