using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OmsFlow.Persistence.Records;
using OmsFlow.Persistence.Storage;
using OmsFlow.Workflows.Outbox;

namespace OmsFlow.Server.Webhooks;

/// <summary>
/// Delivers a published event (channel <c>webhook</c>) by queueing one delivery per matching subscription
/// (channel <c>webhook-delivery</c>), so every endpoint is retried, logged and dead-lettered on its own.
/// Delivery ids are derived from the event id, so running the fan-out again after a crash queues nothing twice.
/// </summary>
internal sealed class WebhookFanOutTransport(OmsFlowStorage storage, WebhookSubscriptions subscriptions, IServiceProvider services, TimeProvider clock) : IOutboxTransport
{
    public string Channel => WebhookChannels.Event;

    public async Task DeliverAsync(OutboxRecord message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var envelope = ParseEnvelope(message.Payload);
        var type = envelope["type"]!.GetValue<string>();
        var matching = (await subscriptions.EnabledAsync(cancellationToken).ConfigureAwait(false)).Where(s => s.Matches(type)).ToList();
        if (matching.Count == 0)
        {
            return;
        }
        var body = envelope.ToJsonString();
        var prefix = message.Id + ">";
        await using var context = storage.CreateContext();
        var existing = (await context.Outbox.AsNoTracking().Where(m => m.Id.StartsWith(prefix)).Select(m => m.Id).ToListAsync(cancellationToken).ConfigureAwait(false))
            .ToHashSet(StringComparer.Ordinal);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var subscription in matching.Where(s => !existing.Contains(prefix + s.Id)))
        {
            context.Outbox.Add(new OutboxRecord
            {
                Id = prefix + subscription.Id,
                InstanceId = message.InstanceId,
                CorrelationKey = message.CorrelationKey,
                Channel = WebhookChannels.Delivery,
                Topic = type,
                Payload = new JsonObject { ["subscriptionId"] = subscription.Id, ["eventId"] = envelope["id"]?.GetValue<string>(), ["body"] = body }.ToJsonString(),
                Status = "pending",
                CreatedAt = now,
                NextAttemptAt = now,
            });
        }
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        services.GetRequiredService<OutboxDispatcher>().Wake();
    }

    private static JsonObject ParseEnvelope(string payload)
    {
        try
        {
            if (JsonNode.Parse(payload) is JsonObject envelope && envelope["type"] is JsonValue type && type.TryGetValue<string>(out _) && envelope["id"] is JsonValue)
            {
                return envelope;
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // Reported below.
        }
        throw new PermanentDeliveryException("A webhook event needs a JSON envelope with 'id' and 'type' (use the PublishEvent activity).");
    }
}

/// <summary>
/// POSTs one event to one subscription, signed per Standard Webhooks. A 2xx is success; 410 Gone disables the
/// subscription; anything else is retried by the outbox with backoff, and counts toward disabling the endpoint.
/// </summary>
internal sealed class WebhookDeliveryTransport(WebhookSubscriptions subscriptions, TimeProvider clock, IConfiguration configuration) : IOutboxTransport, IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = configuration.GetValue("Webhooks:Timeout", TimeSpan.FromSeconds(10)),
    };

    public string Channel => WebhookChannels.Delivery;

    public async Task DeliverAsync(OutboxRecord message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var payload = JsonNode.Parse(message.Payload)?.AsObject() ?? throw new PermanentDeliveryException("Empty webhook delivery.");
        var subscriptionId = payload["subscriptionId"]?.GetValue<string>() ?? throw new PermanentDeliveryException("The delivery names no subscription.");
        var body = payload["body"]?.GetValue<string>() ?? throw new PermanentDeliveryException("The delivery has no body.");
        var eventId = payload["eventId"]?.GetValue<string>() ?? message.Id;
        var subscription = await subscriptions.GetAsync(subscriptionId, cancellationToken).ConfigureAwait(false)
            ?? throw new PermanentDeliveryException($"Subscription '{subscriptionId}' was deleted.");
        if (!subscription.Enabled)
        {
            throw new PermanentDeliveryException($"Subscription '{subscriptionId}' is disabled ({subscription.DisabledReason}); re-enable it and replay this message.");
        }
        var secret = await subscriptions.SecretAsync(subscriptionId, cancellationToken).ConfigureAwait(false)
            ?? throw new PermanentDeliveryException($"Subscription '{subscriptionId}' was deleted.");
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(StandardWebhooks.IdHeader, eventId);
        request.Headers.Add(StandardWebhooks.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(StandardWebhooks.SignatureHeader, StandardWebhooks.Sign(secret, eventId, timestamp, body));
        request.Headers.UserAgent.ParseAdd("OmsFlow-Webhooks/1.0");
        string? failure;
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                await subscriptions.RecordOutcomeAsync(subscriptionId, succeeded: true, null, cancellationToken).ConfigureAwait(false);
                return;
            }
            if (response.StatusCode == HttpStatusCode.Gone)
            {
                await subscriptions.DisableAsync(subscriptionId, $"{subscription.Url} answered 410 Gone", cancellationToken).ConfigureAwait(false);
                throw new PermanentDeliveryException($"{subscription.Url} answered 410 Gone; the subscription was disabled.");
            }
            failure = $"{subscription.Url} answered {(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (HttpRequestException ex)
        {
            failure = $"{subscription.Url} could not be reached: {ex.Message}";
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            failure = $"{subscription.Url} did not answer within {_http.Timeout.TotalSeconds} s";
        }
        var disabled = await subscriptions.RecordOutcomeAsync(subscriptionId, succeeded: false, failure, cancellationToken).ConfigureAwait(false);
        throw disabled
            ? new PermanentDeliveryException(failure + "; the subscription was disabled after repeated failures.")
            : new WebhookDeliveryException(failure);
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>A webhook endpoint did not accept a delivery; the outbox retries it.</summary>
public sealed class WebhookDeliveryException : Exception
{
    public WebhookDeliveryException()
    {
    }

    public WebhookDeliveryException(string message)
        : base(message)
    {
    }

    public WebhookDeliveryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
