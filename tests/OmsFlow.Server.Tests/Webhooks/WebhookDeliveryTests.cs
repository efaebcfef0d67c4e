using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using OmsFlow.Server.Tests.Infrastructure;

namespace OmsFlow.Server.Tests.Webhooks;

public sealed class WebhookDeliveryTests : IAsyncLifetime
{
    private const string ShippingFlow = """
        id: ship-order
        triggers:
          - hook: ship
            input: order
            correlation: =order.id
        inputs:
          order: { type: object, required: true }
        steps:
          announce:
            activity: PublishEvent
            inputs: { type: order.shipped, data: "=order" }
        """;

    private ServerHarness _server = null!;
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        _server = await ServerHarness.StartAsync(
            new Dictionary<string, string> { ["ship.yaml"] = ShippingFlow },
            "--Outbox:FirstRetryDelay=00:00:00.100", "--Outbox:MaxDelay=00:00:00.400", "--Outbox:PollInterval=00:00:00.050",
            "--Webhooks:DisableAfterFailures=4");
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    private async Task<(string Id, string Secret)> SubscribeAsync(params string[] types)
    {
        var response = await _server.Client.PostAsJsonAsync("/api/webhooks/subscriptions", new { url = _receiver.Url, eventTypes = types, description = "test receiver" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await ServerHarness.ReadAsync(response);
        return (body["subscription"]!["id"]!.GetValue<string>(), body["secret"]!.GetValue<string>());
    }

    private Task<HttpResponseMessage> PublishAsync(string type, object data) => _server.Client.PostAsJsonAsync("/api/webhooks/events", new { type, data });

    /// <summary>Standard Webhooks verification written from the spec, independent of the server's code.</summary>
    private static bool Verifies(string secret, ReceivedWebhook webhook)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{webhook.Id}.{webhook.Timestamp}.{webhook.Body}")));
        return webhook.Signature.Split(' ').Any(s => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(s), Encoding.UTF8.GetBytes(expected)));
    }

    [Fact]
    public async Task PublishedEvent_ReachesMatchingSubscriber_SignedPerStandardWebhooks()
    {
        var (_, secret) = await SubscribeAsync("order.shipped");
        Assert.Equal(HttpStatusCode.Accepted, (await PublishAsync("order.created", new { orderId = "SO-1" })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await PublishAsync("order.shipped", new { orderId = "SO-1", carrier = "UPS" })).StatusCode);

        Assert.True(await WebhookReceiver.EventuallyAsync(() => Task.FromResult(!_receiver.Received.IsEmpty)));
        var webhook = Assert.Single(_receiver.Received);
        Assert.True(Verifies(secret, webhook), "the receiver must be able to verify the signature");
        Assert.False(Verifies("whsec_" + Convert.ToBase64String(new byte[32]), webhook));
        Assert.InRange(long.Parse(webhook.Timestamp, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
        var envelope = JsonNode.Parse(webhook.Body)!.AsObject();
        Assert.Equal(webhook.Id, envelope["id"]!.GetValue<string>());
        Assert.Equal("order.shipped", envelope["type"]!.GetValue<string>());
        Assert.Equal("UPS", envelope["data"]!["carrier"]!.GetValue<string>());
        Assert.True(DateTimeOffset.TryParse(envelope["occurredAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, out _));
    }

    [Fact]
    public async Task FailedDeliveries_AreRetriedWithTheSameIdAndBody_UntilAccepted()
    {
        var (id, secret) = await SubscribeAsync("order.*");
        _receiver.FailNext(2);
        await PublishAsync("order.on_hold", new { orderId = "SO-2" });

        Assert.True(await WebhookReceiver.EventuallyAsync(() => Task.FromResult(!_receiver.Received.IsEmpty)));
        var attempts = _receiver.Attempts.ToList();
        Assert.Equal(3, attempts.Count);
        Assert.Single(attempts.Select(a => a.Id).Distinct());
        Assert.Single(attempts.Select(a => a.Body).Distinct());
        Assert.All(attempts, a => Assert.True(Verifies(secret, a)));

        // The outbox records the outcome just after the receiver answered.
        Assert.True(await WebhookReceiver.EventuallyAsync(async () =>
            (await _server.GetJsonAsync($"/api/webhooks/subscriptions/{id}/deliveries"))["items"]!.AsArray().SingleOrDefault()?["status"]?.GetValue<string>() == "sent"));
        var delivery = (await _server.GetJsonAsync($"/api/webhooks/subscriptions/{id}/deliveries"))["items"]!.AsArray().Single()!;
        Assert.Equal(3, delivery["attempts"]!.GetValue<int>());
        var subscription = await _server.GetJsonAsync($"/api/webhooks/subscriptions/{id}");
        Assert.Equal(0, subscription["consecutiveFailures"]!.GetValue<int>());
    }

    [Fact]
    public async Task RepeatedFailures_DisableTheEndpoint_DeadLetterCanBeReplayedAfterReEnabling()
    {
        var (id, _) = await SubscribeAsync("order.delivered");
        _receiver.FailNext(1000);
        await PublishAsync("order.delivered", new { orderId = "SO-3" });

        Assert.True(await WebhookReceiver.EventuallyAsync(async () =>
            (await _server.GetJsonAsync($"/api/webhooks/subscriptions/{id}"))["enabled"]!.GetValue<bool>() == false));
        var subscription = await _server.GetJsonAsync($"/api/webhooks/subscriptions/{id}");
        Assert.Contains("consecutive failed deliveries", subscription["disabledReason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(4, _receiver.Attempts.Count);
        Assert.True(await WebhookReceiver.EventuallyAsync(async () =>
            (await _server.GetJsonAsync($"/api/webhooks/subscriptions/{id}/deliveries"))["items"]!.AsArray().SingleOrDefault()?["status"]?.GetValue<string>() == "dead"));
        var dead = (await _server.GetJsonAsync($"/api/webhooks/subscriptions/{id}/deliveries"))["items"]!.AsArray().Single()!;

        _receiver.FailNext(0);
        var enabled = await _server.Client.PatchAsJsonAsync($"/api/webhooks/subscriptions/{id}", new { enabled = true });
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        var replay = await _server.Client.PostAsync($"/api/outbox/{Uri.EscapeDataString(dead["id"]!.GetValue<string>())}/replay", null);
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        Assert.True(await WebhookReceiver.EventuallyAsync(() => Task.FromResult(!_receiver.Received.IsEmpty)));
        Assert.Equal("order.delivered", JsonNode.Parse(_receiver.Received.Single().Body)!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Workflow_PublishEventAndInstanceCompleted_ReachSubscribers()
    {
        var (_, secret) = await SubscribeAsync("order.shipped", "instance.completed");
        var started = await _server.PostJsonAsync("/hooks/ship", """{"id":"SO-4","carrier":"DHL"}""");
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var instanceId = (await ServerHarness.ReadAsync(started))["instanceId"]!.GetValue<string>();

        Assert.True(await WebhookReceiver.EventuallyAsync(() => Task.FromResult(_receiver.Received.Count >= 2)));
        var byType = _receiver.Received.ToDictionary(w => JsonNode.Parse(w.Body)!["type"]!.GetValue<string>());
        Assert.Equal("DHL", JsonNode.Parse(byType["order.shipped"].Body)!["data"]!["carrier"]!.GetValue<string>());
        var completed = JsonNode.Parse(byType["instance.completed"].Body)!["data"]!;
        Assert.Equal(instanceId, completed["instanceId"]!.GetValue<string>());
        Assert.Equal("ship-order", completed["workflowId"]!.GetValue<string>());
        Assert.All(_receiver.Received, w => Assert.True(Verifies(secret, w)));
    }

    [Fact]
    public async Task Subscribe_InvalidUrlOrTypes_Is400NamingTheField()
    {
        var badUrl = await _server.Client.PostAsJsonAsync("/api/webhooks/subscriptions", new { url = "ftp://x", eventTypes = new[] { "order.shipped" } });
        Assert.Equal("url", (await ServerHarness.ReadAsync(badUrl))["field"]!.GetValue<string>());
        var noTypes = await _server.Client.PostAsJsonAsync("/api/webhooks/subscriptions", new { url = "https://example.com/hook", eventTypes = Array.Empty<string>() });
        Assert.Equal("eventTypes", (await ServerHarness.ReadAsync(noTypes))["field"]!.GetValue<string>());
        var list = await _server.Client.GetStringAsync("/api/webhooks/subscriptions");
        Assert.DoesNotContain("whsec_", list, StringComparison.Ordinal);
    }
}
