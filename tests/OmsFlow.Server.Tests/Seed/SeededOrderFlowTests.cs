using System.Net;
using System.Text.Json.Nodes;
using OmsFlow.Server.Tests.Infrastructure;

namespace OmsFlow.Server.Tests.Seed;

/// <summary>
/// The whole loop on one machine: generated reference data, a sample order from <c>/api/orders/samples</c> posted to
/// <c>/hooks/orders</c>, the reference order flow, and the simulator shipping and delivering it.
/// </summary>
public sealed class SeededOrderFlowTests
{
    [Fact]
    public async Task NormalSampleOrder_IsShippedAndDeliveredByTheSimulator_AndCloses()
    {
        await using var server = await ServerHarness.StartWithReferenceDefinitionsAsync(
            (file, text) => file == "workflows/order-fulfilment.yaml" ? text.Replace("default: 7d", "default: 1s", StringComparison.Ordinal) : text,
            "--Simulator:Enabled=true", "--Simulator:ShipAfter=00:00:00.200", "--Simulator:DeliverAfter=00:00:00.200", "--Simulator:PollInterval=00:00:00.050");
        var samples = (await server.GetJsonAsync("/api/orders/samples?tag=normal"))["items"]!.AsArray();
        // A plain order from an ordinary consumer (staff and VIP discounts may need approval, which is another test's story).
        JsonNode? sample = null;
        foreach (var candidate in samples.Where(s => s!["tags"]!.AsArray().Count == 1 && s["order"]!["lines"]!.AsArray().Count == 1))
        {
            var customer = await server.GetJsonAsync($"/api/customers/{candidate!["order"]!["customer"]!["id"]}");
            if (customer["segment"]!.GetValue<string>() == "consumer")
            {
                sample = candidate;
                break;
            }
        }
        Assert.NotNull(sample);
        var order = sample["order"]!.AsObject();
        var orderId = order["id"]!.GetValue<string>();

        var response = await server.PostJsonAsync("/hooks/orders", order.ToJsonString());
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var deadline = DateTime.UtcNow.AddSeconds(45);
        JsonObject? last = null;
        while (DateTime.UtcNow < deadline)
        {
            var read = await server.Client.GetAsync($"/api/orders/{orderId}");
            if (read.IsSuccessStatusCode)
            {
                last = JsonNode.Parse(await read.Content.ReadAsStringAsync())!.AsObject();
                if (last["status"]!.GetValue<string>() is "Closed" or "Cancelled" or "OnHold" or "PendingApproval")
                {
                    break;
                }
            }
            await Task.Delay(100);
        }

        Assert.True(last is not null, $"order {orderId} was never stored");
        Assert.True(last["status"]!.GetValue<string>() == "Closed", $"sample '{sample["label"]}' did not close: {last.ToJsonString()}");
        var shipment = last["shipments"]!.AsArray().Single()!;
        Assert.Equal("delivered", shipment["status"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(shipment["trackingNumber"]?.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(shipment["carrier"]?.GetValue<string>()));
    }
}
