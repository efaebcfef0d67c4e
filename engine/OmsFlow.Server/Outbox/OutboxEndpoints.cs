using Microsoft.EntityFrameworkCore;
using OmsFlow.Persistence.Records;
using OmsFlow.Persistence.Storage;
using OmsFlow.Server.Http;
using OmsFlow.Server.Instances;
using OmsFlow.Server.Security;
using OmsFlow.Workflows.Outbox;

namespace OmsFlow.Server.Outbox;

/// <summary>The outbox: messages the workflows queued, their delivery attempts, and replay of dead letters.</summary>
internal static class OutboxEndpoints
{
    public static IEndpointRouteBuilder MapOutbox(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/outbox").WithTags("Outbox").RequireAccess(AccessPolicies.Operate);
        group.MapGet("/", ListAsync).WithSummary("Messages by order (correlation key), instance or status.");
        group.MapGet("/{id}", GetAsync).WithSummary("One message with every delivery attempt.");
        group.MapPost("/{id}/replay", ReplayAsync).WithSummary("Queue a dead letter again.").Audited("outbox.replay");
        return app;
    }

    private static async Task<IResult> ListAsync(
        OmsFlowStorage storage, string? orderId, string? correlationKey, string? instanceId, string? status, string? channel, int? limit, CancellationToken cancellationToken)
    {
        await using var context = storage.CreateContext();
        var query = context.Outbox.AsNoTracking();
        var key = orderId ?? correlationKey;
        if (key is not null)
        {
            query = query.Where(m => m.CorrelationKey == key);
        }
        if (instanceId is not null)
        {
            query = query.Where(m => m.InstanceId == instanceId);
        }
        if (status is not null)
        {
            query = query.Where(m => m.Status == status);
        }
        if (channel is not null)
        {
            query = query.Where(m => m.Channel == channel);
        }
        var rows = await query.OrderByDescending(m => m.CreatedAt).Take(Math.Clamp(limit ?? 200, 1, 1000)).ToListAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new { items = rows.Select(Message) });
    }

    private static async Task<IResult> GetAsync(string id, OmsFlowStorage storage, CancellationToken cancellationToken)
    {
        await using var context = storage.CreateContext();
        var message = await context.Outbox.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, cancellationToken).ConfigureAwait(false);
        if (message is null)
        {
            return Problems.NotFound($"No outbox message '{id}'.");
        }
        var attempts = await context.OutboxAttempts.AsNoTracking().Where(a => a.MessageId == id).OrderBy(a => a.Attempt).ToListAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new
        {
            message = Message(message),
            payload = InstanceEndpoints.ParseOrNull(message.Payload),
            attempts = attempts.Select(a => new { attempt = a.Attempt, at = InstanceEndpoints.Time(a.At), succeeded = a.Succeeded, error = a.Error, durationMs = a.DurationMs }),
        });
    }

    private static async Task<IResult> ReplayAsync(string id, OutboxDispatcher dispatcher, CancellationToken cancellationToken)
        => await dispatcher.ReplayAsync(id, cancellationToken).ConfigureAwait(false)
            ? TypedResults.Accepted($"/api/outbox/{id}", new { id, status = "pending" })
            : Problems.Conflict($"Message '{id}' is not a dead letter (only dead letters can be replayed).");

    private static object Message(OutboxRecord m) => new
    {
        id = m.Id,
        instanceId = m.InstanceId,
        correlationKey = m.CorrelationKey,
        channel = m.Channel,
        topic = m.Topic,
        status = m.Status,
        attempts = m.Attempts,
        createdAt = InstanceEndpoints.Time(m.CreatedAt),
        nextAttemptAt = InstanceEndpoints.Time(m.NextAttemptAt),
        sentAt = m.SentAt is { } s ? InstanceEndpoints.Time(s) : (DateTimeOffset?)null,
        lastError = m.LastError,
    };
}
