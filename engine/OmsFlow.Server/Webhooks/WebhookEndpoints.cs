using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OmsFlow.Persistence.Records;
using OmsFlow.Persistence.Storage;
using OmsFlow.Server.Http;
using OmsFlow.Server.Security;
using OmsFlow.Workflows.Outbox;

namespace OmsFlow.Server.Webhooks;

/// <summary>
/// Admin API for outbound webhooks: subscriptions (<c>/api/webhooks/subscriptions</c>), their delivery log, secret
/// rotation, and publishing an event by hand (<c>POST /api/webhooks/events</c>).
/// </summary>
internal static class WebhookEndpoints
{
    public static IEndpointRouteBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/webhooks").WithTags("Webhooks").RequireAccess(AccessPolicies.Administer);
        group.MapGet("/subscriptions", async (WebhookSubscriptions subs, CancellationToken ct) => TypedResults.Ok(await subs.ListAsync(ct).ConfigureAwait(false)))
            .WithSummary("Every subscription with its state.");
        group.MapPost("/subscriptions", CreateAsync).WithSummary("Subscribe a URL to event types; the whsec_ secret is in the response, shown once.")
            .Audited("webhook.subscribe", null);
        group.MapGet("/subscriptions/{id}", async (string id, WebhookSubscriptions subs, CancellationToken ct)
            => await subs.GetAsync(id, ct).ConfigureAwait(false) is { } s ? (IResult)TypedResults.Ok(s) : Problems.NotFound($"No webhook subscription '{id}'."))
            .WithSummary("One subscription.");
        group.MapPatch("/subscriptions/{id}", UpdateAsync).WithSummary("Change URL, event types or description; enable or disable.").Audited("webhook.update");
        group.MapDelete("/subscriptions/{id}", async (string id, WebhookSubscriptions subs, CancellationToken ct)
            => await subs.DeleteAsync(id, ct).ConfigureAwait(false) ? (IResult)TypedResults.NoContent() : Problems.NotFound($"No webhook subscription '{id}'."))
            .WithSummary("Delete a subscription; its pending deliveries become dead letters.").Audited("webhook.delete");
        group.MapPost("/subscriptions/{id}/rotate-secret", async (string id, WebhookSubscriptions subs, CancellationToken ct)
            => await subs.RotateSecretAsync(id, ct).ConfigureAwait(false) is { } secret ? (IResult)TypedResults.Ok(new { id, secret }) : Problems.NotFound($"No webhook subscription '{id}'."))
            .WithSummary("Replace the signing secret; the new one is shown once.").Audited("webhook.rotate-secret");
        group.MapGet("/subscriptions/{id}/deliveries", DeliveriesAsync).WithSummary("Delivery log of a subscription, newest first (replay dead letters via /api/outbox/{id}/replay).");
        group.MapPost("/events", PublishAsync).WithSummary("Publish an event ({type, data}) to its subscribers, e.g. to test an endpoint.")
            .Audited("webhook.publish", null);
        return app;
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, WebhookSubscriptions subs, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var (_, body, problem) = await JsonBody.ReadObjectAsync(request).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }
        if (ReadUrl(body!, required: true, out var url) is { } badUrl)
        {
            return badUrl;
        }
        if (ReadEventTypes(body!, required: true, out var types) is { } badTypes)
        {
            return badTypes;
        }
        var (subscription, secret) = await subs.CreateAsync(url!, types!, body!["description"]?.ToString(), user.Actor(), cancellationToken).ConfigureAwait(false);
        return TypedResults.Created($"/api/webhooks/subscriptions/{subscription.Id}", new { subscription, secret });
    }

    private static async Task<IResult> UpdateAsync(string id, HttpRequest request, WebhookSubscriptions subs, CancellationToken cancellationToken)
    {
        var (_, body, problem) = await JsonBody.ReadObjectAsync(request).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }
        if (ReadUrl(body!, required: false, out var url) is { } badUrl)
        {
            return badUrl;
        }
        if (ReadEventTypes(body!, required: false, out var types) is { } badTypes)
        {
            return badTypes;
        }
        bool? enabled = null;
        if (body!["enabled"] is { } enabledNode)
        {
            if (enabledNode is not JsonValue value || !value.TryGetValue<bool>(out var on))
            {
                return Problems.BadRequest("'enabled' must be true or false.", "enabled");
            }
            enabled = on;
        }
        var updated = await subs.UpdateAsync(id, url, types, body["description"]?.ToString(), enabled, cancellationToken).ConfigureAwait(false);
        return updated is null ? Problems.NotFound($"No webhook subscription '{id}'.") : TypedResults.Ok(updated);
    }

    private static async Task<IResult> DeliveriesAsync(string id, OmsFlowStorage storage, int? limit, CancellationToken cancellationToken)
    {
        var suffix = ">" + id;
        await using var context = storage.CreateContext();
        var rows = await context.Outbox.AsNoTracking().Where(m => m.Channel == WebhookChannels.Delivery && m.Id.EndsWith(suffix))
            .OrderByDescending(m => m.CreatedAt).Take(Math.Clamp(limit ?? 100, 1, 500)).ToListAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new
        {
            items = rows.Select(m => new
            {
                id = m.Id,
                type = m.Topic,
                status = m.Status,
                attempts = m.Attempts,
                lastError = m.LastError,
                createdAt = DateTimeOffset.FromUnixTimeMilliseconds(m.CreatedAt),
                sentAt = m.SentAt is { } sent ? DateTimeOffset.FromUnixTimeMilliseconds(sent) : (DateTimeOffset?)null,
            }),
        });
    }

    private static async Task<IResult> PublishAsync(HttpRequest request, OmsFlowStorage storage, OutboxDispatcher dispatcher, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (_, body, problem) = await JsonBody.ReadObjectAsync(request).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }
        if (body!["type"] is not JsonValue typeValue || !typeValue.TryGetValue<string>(out var type) || string.IsNullOrWhiteSpace(type) || type.Length > 100)
        {
            return Problems.BadRequest("Send the event 'type' (e.g. order.shipped) and its 'data'.", "type");
        }
        var now = clock.GetUtcNow();
        var id = "event:manual:" + Guid.CreateVersion7().ToString("N");
        var envelope = WebhookChannels.Envelope(id, type, now, body["data"]);
        await using var context = storage.CreateContext();
        context.Outbox.Add(new OutboxRecord
        {
            Id = id,
            Channel = WebhookChannels.Event,
            Topic = type,
            Payload = envelope.ToJsonString(),
            Status = "pending",
            CreatedAt = now.ToUnixTimeMilliseconds(),
            NextAttemptAt = now.ToUnixTimeMilliseconds(),
        });
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        dispatcher.Wake();
        return TypedResults.Accepted($"/api/outbox/{Uri.EscapeDataString(id)}", new { outboxId = id, eventId = envelope["id"]!.GetValue<string>() });
    }

    private static ProblemHttpResult? ReadUrl(JsonObject body, bool required, out Uri? url)
    {
        url = null;
        if (body["url"] is null && !required)
        {
            return null;
        }
        if (body["url"] is not JsonValue value || !value.TryGetValue<string>(out var text)
            || !Uri.TryCreate(text, UriKind.Absolute, out url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            return Problems.BadRequest("'url' must be an absolute http(s) URL, e.g. https://erp.example.com/omsflow/events.", "url");
        }
        return null;
    }

    private static ProblemHttpResult? ReadEventTypes(JsonObject body, bool required, out IReadOnlyList<string>? types)
    {
        types = null;
        if (body["eventTypes"] is null && !required)
        {
            return null;
        }
        var list = new List<string>();
        if (body["eventTypes"] is JsonArray array)
        {
            foreach (var item in array)
            {
                if (item is not JsonValue value || !value.TryGetValue<string>(out var type) || string.IsNullOrWhiteSpace(type) || type.Contains(',', StringComparison.Ordinal))
                {
                    return Problems.BadRequest("'eventTypes' must be an array of event type names such as \"order.shipped\", \"order.*\" or \"*\".", "eventTypes");
                }
                list.Add(type.Trim());
            }
        }
        if (list.Count == 0)
        {
            return Problems.BadRequest("'eventTypes' must list at least one event type (e.g. [\"order.shipped\", \"instance.faulted\"]).", "eventTypes");
        }
        types = list;
        return null;
    }
}
