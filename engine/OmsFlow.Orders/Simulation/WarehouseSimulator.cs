using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OmsFlow.Orders.Model;
using OmsFlow.Persistence.Storage;

namespace OmsFlow.Orders.Simulation;

/// <summary>
/// Plays warehouse and carrier for demos and tests: a shipment the order flow requested is reported shipped
/// <see cref="SimulatorOptions.ShipAfter"/> after it was requested (or first seen, if the order does not say), and delivered <see cref="SimulatorOptions.DeliverAfter"/>
/// after that, through the shipments hook contract. Progress is kept in memory; after a restart it picks up from what
/// the orders show (a shipment already shipped only waits to be delivered).
/// </summary>
public sealed class WarehouseSimulator(OmsFlowStorage storage, IShipmentUpdateSink sink, TimeProvider clock, SimulatorOptions options)
{
    private static readonly string[] FinishedStatuses = [nameof(OrderStatus.Closed), nameof(OrderStatus.Cancelled)];

    private readonly Dictionary<(string OrderId, string ShipmentId), Progress> _progress = [];

    /// <summary>Looks at open orders once and sends the updates that are due.</summary>
    /// <returns>The updates an order accepted in this pass.</returns>
    public async Task<IReadOnlyList<ShipmentUpdate>> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        List<(string Id, string Document)> rows;
        Dictionary<string, string> nodeCountries;
        await using (var context = storage.CreateContext())
        {
            // A coarse filter in SQL (the document mentions a shipment in a state that moves); the JSON decides.
            rows = (await context.Orders.AsNoTracking()
                .Where(o => !FinishedStatuses.Contains(o.Status) && (o.Document.Contains("\"requested\"") || o.Document.Contains("\"shipped\"")))
                .OrderBy(o => o.UpdatedAt).Take(options.BatchSize)
                .Select(o => new { o.Id, o.Document }).ToListAsync(cancellationToken).ConfigureAwait(false))
                .Select(o => (o.Id, o.Document)).ToList();
            nodeCountries = await context.Nodes.AsNoTracking().ToDictionaryAsync(n => n.Id, n => n.Kind == "dropship" ? "dropship" : n.Country, cancellationToken)
                .ConfigureAwait(false);
        }
        var now = clock.GetUtcNow();
        var seen = new HashSet<(string, string)>();
        var sent = new List<ShipmentUpdate>();
        foreach (var (orderId, document) in rows)
        {
            Order order;
            try
            {
                order = OrderJson.Read<Order>(document) ?? new Order();
            }
            catch (System.Text.Json.JsonException)
            {
                // Not an order this simulator can read; the flow that owns it reports that, not the simulator.
                continue;
            }
            foreach (var shipment in order.Shipments.Where(s => s.Status is "requested" or "shipped"))
            {
                var key = (orderId, shipment.Id);
                seen.Add(key);
                if (!_progress.TryGetValue(key, out var progress))
                {
                    // The wait counts from the request when the order says when that was (so a restart does not start it over).
                    var requestedAt = shipment.RequestedAt > DateTimeOffset.MinValue && shipment.RequestedAt < now ? shipment.RequestedAt : now;
                    progress = new Progress(requestedAt, Carrier(shipment, nodeCountries), shipment.TrackingNumber ?? TrackingNumber(orderId, shipment.Id));
                    _progress[key] = progress;
                }
                if (progress.ShippedAt is null && shipment.Status == "shipped")
                {
                    // Shipped by an earlier run or another reporter: only delivery is left.
                    progress.ShippedAt = shipment.ShippedAt ?? now;
                }
                var update = progress.ShippedAt is null
                    ? now - progress.FirstSeen >= options.ShipAfter ? progress.Update(orderId, shipment.Id, ShipmentUpdate.Shipped) : null
                    : !progress.Delivered && now - progress.ShippedAt >= options.DeliverAfter ? progress.Update(orderId, shipment.Id, ShipmentUpdate.Delivered) : null;
                if (update is null || !await sink.SendAsync(update, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }
                sent.Add(update);
                if (update.Status == ShipmentUpdate.Shipped)
                {
                    progress.ShippedAt = now;
                }
                else
                {
                    progress.Delivered = true;
                }
            }
        }
        // Forget shipments no open order shows any more (delivered, cancelled, closed), so memory stays bounded.
        foreach (var key in _progress.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            _progress.Remove(key);
        }
        return sent;
    }

    private static string Carrier(Shipment shipment, Dictionary<string, string> nodeCountries)
        => shipment.Carrier ?? (nodeCountries.GetValueOrDefault(shipment.NodeId) switch
        {
            "GB" => "Royal Mail",
            "US" => shipment.Service == "express" ? "FedEx" : "UPS",
            "CA" => "Canada Post",
            "dropship" => "FedEx",
            _ => "DHL",
        });

    /// <summary>A stable, carrier-looking tracking number: the same shipment always gets the same one.</summary>
    public static string TrackingNumber(string orderId, string shipmentId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(orderId + "\n" + shipmentId));
        return "1Z" + Convert.ToHexString(hash, 0, 8);
    }

    private sealed class Progress(DateTimeOffset firstSeen, string carrier, string trackingNumber)
    {
        public DateTimeOffset FirstSeen { get; } = firstSeen;

        public DateTimeOffset? ShippedAt { get; set; }

        public bool Delivered { get; set; }

        public ShipmentUpdate Update(string orderId, string shipmentId, string status) => new(orderId, shipmentId, carrier, trackingNumber, status);
    }
}
