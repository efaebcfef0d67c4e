using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace OmsFlow.Workflows.Outbox;

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
