using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OmsFlow.Persistence.Storage;

namespace OmsFlow.Server.Tests.Orders;

/// <summary>
/// Many orders racing for the same scarce stock through the real hook and the reference flow: reservations are
/// transactional, so the node never promises more than it has and every unit promised is accounted for.
/// </summary>
public sealed class OrderConcurrencyTests
{
    private const int Orders = 500;
    private const int Units = 100;

    [Fact]
    public async Task FiveHundredOrders_RaceForOneHundredUnits_ExactlyOneHundredAreReserved_TheRestBackordered()
    {
        await using var world = await OrderWorld.StartAsync(("DC-VENLO", "SKU-TEE-01", Units));
        // One to three units each (under the five that would add a gift line), so some orders get split: part scheduled, part backordered.
        var demand = Enumerable.Range(0, Orders).ToDictionary(i => $"SO-R{i:000}", i => i % 3 + 1);

        var responses = await Task.WhenAll(demand.Select(d => world.Server.PostJsonAsync("/hooks/orders", OrderWorld.Order(d.Key, ("SKU-TEE-01", d.Value)))));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));

        var orders = await WaitUntilAllSourcedAsync(world);
        var storage = world.Server.Services.GetRequiredService<OmsFlowStorage>();
        await using var context = storage.CreateContext();
        var reservations = await context.Reservations.AsNoTracking().ToListAsync();
        var active = reservations.Where(r => r.Status == "active").ToList();
        var stock = await world.StockAsync("DC-VENLO", "SKU-TEE-01");

        Assert.Equal(Units, active.Sum(r => r.Quantity));
        Assert.Equal((Units, Units), (stock.OnHand, stock.Reserved));
        Assert.All(reservations, r => Assert.True(r.Quantity > 0, $"reservation {r.Id} has quantity {r.Quantity}"));

        var lines = orders.SelectMany(o => o.Value["lines"]!.AsArray().Select(l => (Order: o.Key, Status: l!["status"]!.GetValue<string>(), Quantity: l["quantity"]!.GetValue<int>()))).ToList();
        Assert.Equal(Units, lines.Where(l => l.Status != "Backordered").Sum(l => l.Quantity));
        Assert.Equal(demand.Values.Sum() - Units, lines.Where(l => l.Status == "Backordered").Sum(l => l.Quantity));
        Assert.All(lines, l => Assert.Contains(l.Status, new[] { "Scheduled", "Released", "Backordered" }));
        foreach (var (orderId, quantity) in demand)
        {
            // Each order got what it asked for, split between what was promised and what waits; and what it was promised is what it holds.
            Assert.Equal(quantity, lines.Where(l => l.Order == orderId).Sum(l => l.Quantity));
            Assert.Equal(lines.Where(l => l.Order == orderId && l.Status != "Backordered").Sum(l => l.Quantity), active.Where(r => r.OrderId == orderId).Sum(r => r.Quantity));
        }
    }

    /// <summary>Polls the orders table (bounded) until every order has been through sourcing: no line still Created.</summary>
    private static async Task<Dictionary<string, JsonObject>> WaitUntilAllSourcedAsync(OrderWorld world)
    {
        var storage = world.Server.Services.GetRequiredService<OmsFlowStorage>();
        var deadline = DateTime.UtcNow.AddSeconds(180);
        while (true)
        {
            await using var context = storage.CreateContext();
            var documents = await context.Orders.AsNoTracking().Select(o => new { o.Id, o.Document }).ToListAsync();
            var orders = documents.ToDictionary(o => o.Id, o => JsonNode.Parse(o.Document)!.AsObject());
            var waiting = orders.Count(o => o.Value["lines"]!.AsArray().Any(l => l!["status"]!.GetValue<string>() == "Created"));
            if (orders.Count == Orders && waiting == 0)
            {
                return orders;
            }
            var incidents = await context.Incidents.AsNoTracking().Select(i => i.Step + ": " + i.Error).Take(3).ToListAsync();
            Assert.True(incidents.Count == 0, "an order ran into an incident: " + string.Join(" | ", incidents));
            Assert.True(DateTime.UtcNow < deadline, $"{orders.Count} of {Orders} orders captured, {waiting} not yet sourced");
            await Task.Delay(200);
        }
    }
}
