using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OmsFlow.Persistence.Records;
using OmsFlow.Persistence.Storage;

namespace OmsFlow.Server.Tests.Orders;

/// <summary>The B2B quote-to-invoice flow through HTTP, on the reference definitions.</summary>
public sealed class B2bScenarioTests
{
    [Fact]
    public async Task ApprovedQuoteFromAGermanCompany_IsInvoicedWithReverseCharge_DueAfterItsPaymentTerms()
    {
        await using var world = await OrderWorld.StartAsync(("DC-VENLO", "SKU-MUG-01", 500));
        await AddBusinessCustomerAsync(world);
        var response = await world.Server.PostJsonAsync("/hooks/b2b-quotes", QuoteRequest("Q-1", 60));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body.ToJsonString());
        var instanceId = body["instanceId"]!.GetValue<string>();

        var task = await WaitForTaskAsync(world, instanceId);
        Assert.Equal("Approve quote Q-1 for Brandt GmbH", task["title"]!.GetValue<string>());
        var quoted = await world.Server.GetJsonAsync("/api/orders/Q-1");
        Assert.Equal("PendingApproval", quoted["status"]!.GetValue<string>());
        Assert.True(quoted["pricing"]!["reverseCharge"]!.GetValue<bool>());
        Assert.Equal(0m, quoted["pricing"]!["taxTotal"]!.GetValue<decimal>());
        Assert.Empty(quoted["reservations"]!.AsArray()); // nothing is reserved for a quote

        var approved = await world.Server.PostJsonAsync($"/api/tasks/{task["id"]}/complete", """{"outcome":"approve","comment":"volume deal"}""");
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        await world.WaitForOrderAsync("Q-1", o => o["shipments"]?.AsArray().Count == 1, "a shipment request");
        await world.ShipmentEventAsync("Q-1", "shipped");
        var invoiced = await world.WaitForOrderAsync("Q-1", o => o["invoices"]!.AsArray().Count == 1, "an invoice");
        Assert.Matches(@"^INV-\d{4}-000001$", invoiced["invoices"]![0]!["number"]!.GetValue<string>());
        Assert.Equal(quoted["pricing"]!["grandTotal"]!.GetValue<decimal>(), invoiced["invoices"]![0]!["total"]!.GetValue<decimal>());
        await world.ShipmentEventAsync("Q-1", "delivered");

        var done = await world.Server.WaitForStatusAsync(instanceId, "Completed", "Faulted");
        Assert.True(done["status"]!.GetValue<string>() == "Completed", done.ToJsonString());
        Assert.Equal(30, done["outputs"]!["dueInDays"]!.GetValue<int>()); // payment-terms: business customer, demand class B
        Assert.Equal("Closed", done["outputs"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task RejectedQuote_EndsRejected_WithoutReservingStock()
    {
        await using var world = await OrderWorld.StartAsync(("DC-VENLO", "SKU-MUG-01", 500));
        await AddBusinessCustomerAsync(world);
        var response = await world.Server.PostJsonAsync("/hooks/b2b-quotes", QuoteRequest("Q-2", 10));
        var instanceId = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["instanceId"]!.GetValue<string>();

        var task = await WaitForTaskAsync(world, instanceId);
        await world.Server.PostJsonAsync($"/api/tasks/{task["id"]}/complete", """{"outcome":"reject","comment":"price too low"}""");
        await world.Server.WaitForStatusAsync(instanceId, "Completed", "Faulted");

        var order = await world.Server.GetJsonAsync("/api/orders/Q-2");
        Assert.Equal("Rejected", order["status"]!.GetValue<string>());
        Assert.Equal("Quote not approved: price too low", order["cancelReason"]!.GetValue<string>());
        Assert.Equal(0, (await world.StockAsync("DC-VENLO", "SKU-MUG-01")).Reserved);
    }

    private static async Task AddBusinessCustomerAsync(OrderWorld world)
    {
        await using var context = world.Server.Services.GetRequiredService<OmsFlowStorage>().CreateContext();
        context.Customers.Add(new CustomerRecord
        {
            Id = "C-B2B", Name = "Brandt GmbH", Email = "einkauf@brandt.example", Segment = "business", DemandClass = "B", CreditLimit = 50_000m, Currency = "EUR",
            VatId = "DE811569869", Country = "DE", Document = "{}",
        });
        await context.SaveChangesAsync();
    }

    /// <summary>A quote request from a company in Cologne for <paramref name="mugs"/> mugs.</summary>
    private static string QuoteRequest(string id, int mugs)
    {
        var order = JsonNode.Parse(OrderWorld.Order(id, ("SKU-MUG-01", mugs)))!.AsObject();
        order["channel"] = "b2b";
        order["customer"] = new JsonObject { ["id"] = "C-B2B" };
        order["shipTo"] = new JsonObject
        {
            ["name"] = "Brandt GmbH", ["company"] = "Brandt GmbH", ["line1"] = "Hohe Str. 1", ["city"] = "Köln", ["postalCode"] = "50667", ["country"] = "DE",
            ["latitude"] = 50.94, ["longitude"] = 6.96,
        };
        return order.ToJsonString();
    }

    private static async Task<JsonObject> WaitForTaskAsync(OrderWorld world, string instanceId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var tasks = (await world.Server.GetJsonAsync("/api/tasks?role=sales"))["items"]!.AsArray();
            if (tasks.FirstOrDefault(t => t!["instanceId"]!.GetValue<string>() == instanceId) is { } task)
            {
                return task.AsObject();
            }
            await Task.Delay(50);
        }
        var instance = await world.Server.GetJsonAsync($"/api/instances/{instanceId}");
        throw new Xunit.Sdk.XunitException($"No sales task for {instanceId} within 20 s. Instance: {instance.ToJsonString()}");
    }
}
