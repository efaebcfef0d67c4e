using System.Text.Json.Nodes;
using OmsFlow.Orders.Common;
using OmsFlow.Orders.Model;
using OmsFlow.Orders.Storage;
using OmsFlow.Workflows.Activities;

namespace OmsFlow.Orders.Fulfilment;

/// <summary>
/// Applies a warehouse or carrier event (<c>{orderId, shipmentId?, carrier, trackingNumber, status: shipped|delivered}</c>)
/// to the order: the shipment and its lines move on; when a parcel ships, its reserved units leave stock. An event
/// for a shipment that is already there (a carrier retrying) changes nothing and continues on 'ignored'.
/// </summary>
[Activity("RecordShipmentEvent", Category = "Orders", Outcomes = ["shipped", "delivered", "ignored"],
    Description = "Apply a shipments hook event (shipped or delivered) to the order's shipment and lines; shipped consumes the reservation. Output: shipment, allShipped, allDelivered, partial.")]
public sealed class RecordShipmentEvent : OrderActivity
{
    [Input(Required = true, Description = "The event, e.g. =steps[\"wait-for-carrier\"].output.", Editor = "expression")]
    public JsonObject Event { get; set; } = [];

    protected override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, Order order, OrderStore store)
    {
        var status = Event["status"]?.ToString()?.ToLowerInvariant();
        var shipmentId = Event["shipmentId"]?.ToString();
        var live = order.Shipments.Where(s => s.Status != "cancelled").ToList();
        var shipment = shipmentId is null
            ? live.FirstOrDefault(s => status == "shipped" ? s.Status is "requested" or "picked" or "packed" : s.Status == "shipped")
            : live.FirstOrDefault(s => s.Id == shipmentId);
        if (shipment is null || status is not ("shipped" or "delivered") || (status == "delivered" && shipment.Status == "requested"))
        {
            return Done("ignored", order, shipment, $"No shipment of order {order.Id} waits for '{status}'{(shipmentId is null ? string.Empty : " as " + shipmentId)}.");
        }
        if (shipment.Status == status || (status == "shipped" && shipment.Status == "delivered"))
        {
            return Done("ignored", order, shipment, $"Shipment {shipment.Id} is already {shipment.Status}.");
        }
        shipment.Carrier = Event["carrier"]?.ToString() ?? shipment.Carrier;
        shipment.TrackingNumber = Event["trackingNumber"]?.ToString() ?? shipment.TrackingNumber;
        var lines = order.Lines.Where(l => shipment.LineIds.Contains(l.Id)).ToList();
        if (status == "shipped")
        {
            shipment.Status = "shipped";
            shipment.ShippedAt = context.Now;
            foreach (var line in lines)
            {
                Lifecycle.Move(order, line, LineStatus.Shipped, context.Now, $"{shipment.Carrier} {shipment.TrackingNumber}");
            }
            context.Enlist(new EndReservations(order.Id, shipment.LineIds, consumed: true, context.Now.ToUnixTimeMilliseconds()));
        }
        else
        {
            shipment.Status = "delivered";
            shipment.DeliveredAt = context.Now;
            foreach (var line in lines)
            {
                Lifecycle.Move(order, line, LineStatus.Delivered, context.Now);
            }
        }
        Save(context, order);
        return Done(status, order, shipment, null);
    }

    private static ValueTask<ActivityResult> Done(string outcome, Order order, Shipment? shipment, string? note)
    {
        var live = order.Shipments.Where(s => s.Status != "cancelled").ToList();
        var open = order.Lines.Any(l => !l.Gift && l.Status is LineStatus.Created or LineStatus.Scheduled or LineStatus.Backordered);
        var output = new JsonObject
        {
            ["shipment"] = shipment is null ? null : OrderJson.Write(order)["shipments"]![order.Shipments.IndexOf(shipment)]!.DeepClone(),
            ["allShipped"] = !open && live.Count > 0 && live.All(s => s.Status is "shipped" or "delivered"),
            ["allDelivered"] = !open && live.Count > 0 && live.All(s => s.Status == "delivered"),
            ["partial"] = live.Count > 1 || open,
            ["note"] = note,
        };
        return ValueTask.FromResult(ActivityResult.Done(outcome, output));
    }
}
