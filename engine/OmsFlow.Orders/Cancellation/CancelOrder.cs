using System.Text.Json.Nodes;
using OmsFlow.Orders.Common;
using OmsFlow.Orders.Model;
using OmsFlow.Orders.Storage;
using OmsFlow.Workflows.Activities;

namespace OmsFlow.Orders.Cancellation;

/// <summary>
/// Cancels the order with its compensations: reserved stock goes back, shipment requests still in the warehouse are
/// cancelled (the output lists them, for the warehouse event), coupon uses are given back, an authorised payment is
/// voided. Once any line has shipped the order cannot be cancelled: it continues on 'too-late' (a return is the way).
/// </summary>
[Activity("CancelOrder", Category = "Orders", Outcomes = ["cancelled", "too-late"],
    Description = "Cancel the order: release reservations, cancel open shipment requests, give back coupons, void the authorisation; 'too-late' once a line shipped. Output: cancelledShipments, refundAmount.")]
public sealed class CancelOrder : OrderActivity
{
    [Input(Required = true, Description = "Why, shown to the customer and kept in the history.", Editor = "expression")]
    public string Reason { get; set; } = string.Empty;

    protected override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, Order order, OrderStore store)
    {
        if (order.Status == OrderStatus.Cancelled)
        {
            return ValueTask.FromResult(ActivityResult.Done("cancelled", new JsonObject { ["cancelledShipments"] = new JsonArray(), ["alreadyCancelled"] = true }));
        }
        var shipped = order.Lines.Where(l => Lifecycle.IsShippedOrLater(l.Status)).Select(l => l.Id).ToList();
        if (shipped.Count > 0)
        {
            return ValueTask.FromResult(ActivityResult.Done("too-late", new JsonObject
            {
                ["reason"] = $"Lines {string.Join(", ", shipped)} have shipped; request a return instead.",
            }));
        }
        var cancelledShipments = new JsonArray();
        foreach (var shipment in order.Shipments.Where(s => s.Status is "requested" or "picked" or "packed"))
        {
            shipment.Status = "cancelled";
            shipment.CancelReason = Reason;
            cancelledShipments.Add(new JsonObject { ["id"] = shipment.Id, ["nodeId"] = shipment.NodeId });
        }
        foreach (var line in order.Lines.Where(l => l.Status != LineStatus.Cancelled))
        {
            Lifecycle.Move(order, line, LineStatus.Cancelled, context.Now, Reason);
        }
        context.Enlist(new EndReservations(order.Id, null, consumed: false, context.Now.ToUnixTimeMilliseconds()));
        context.Enlist(new ReturnCoupons(order.Id));
        if (order.PaymentStatus == PaymentStatus.Authorized)
        {
            Lifecycle.Move(order, PaymentStatus.Voided, context.Now, Reason);
        }
        order.CancelReason = Reason;
        Lifecycle.Move(order, OrderStatus.Cancelled, context.Now, Reason);
        Save(context, order);
        return ValueTask.FromResult(ActivityResult.Done("cancelled", new JsonObject
        {
            ["cancelledShipments"] = cancelledShipments,
            ["refundAmount"] = order.Payment?.Captured ?? 0m,
        }));
    }
}
