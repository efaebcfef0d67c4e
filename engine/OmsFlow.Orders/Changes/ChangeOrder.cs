using System.Globalization;
using System.Text.Json.Nodes;
using OmsFlow.Orders.Common;
using OmsFlow.Orders.Model;
using OmsFlow.Orders.Storage;
using OmsFlow.Orders.Validation;
using OmsFlow.Workflows.Activities;

namespace OmsFlow.Orders.Changes;

/// <summary>
/// Applies a change (quantity, added or removed line, new ship-to address) with the compensation its stage needs:
/// before scheduling the lines simply change; after reservation the reservations of the touched lines are released so
/// the lines are sourced again; after the shipment request that request is cancelled (its lines and reservations are
/// released, and a new request follows: cancel-create). Once a touched parcel is picked or packed the change is
/// rejected (the warehouse must cancel first); once shipped only a return can undo it.
/// </summary>
/// <remarks>
/// The changed order is checked with the validation rule set first; a change that fails it (an inactive SKU, a country
/// not shipped to) is rejected and the order stays as it was. After 'changed' the flow re-prices, re-sources and
/// releases the lines this step put back to Created. The step commits on its own so the released stock is back before
/// re-sourcing plans (and so its release can never land after the new reservation and end that one too).
/// </remarks>
[Activity("ChangeOrder", Category = "Orders", Outcomes = ["changed", "rejected"], CommitAfter = true,
    Description = "Change quantities, add/remove lines or the ship-to address, compensating by stage (release reservations, cancel-create shipment requests); rejected once picked/packed/shipped or when the changed order fails validation. Then re-price, re-source, release. Output: stage, cancelledShipments, releasedLines, reason.")]
public sealed class ChangeOrder : OrderActivity
{
    [Input(Required = true, Description = "The change request {orderId, changes:[...]}, e.g. =steps[\"wait-change\"].output.", Editor = "expression")]
    public JsonObject Request { get; set; } = [];

    [Input(Description = "Rule set that validates the changed order (default order-validation).")]
    public string RuleSet { get; set; } = "order-validation";

    [Input(Description = "Workflow inside the rule set (default ValidateOrder).")]
    public string Workflow { get; set; } = "ValidateOrder";

    protected override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, Order order, OrderStore store)
    {
        var problems = OrderChange.Check(Request);
        if (problems.Count > 0)
        {
            return Rejected(string.Join("; ", problems.Select(p => $"{p.Field} {p.Message}")));
        }
        var changes = OrderChange.Read(Request);
        if (ChangeStage.Blocker(order, changes) is { } blocker)
        {
            return Rejected(blocker);
        }
        var proposed = OrderJson.Read(OrderJson.Write(order));
        Apply(proposed, changes, context.Now);
        var failed = await ValidateAsync(context, store, proposed).ConfigureAwait(false);
        if (failed.Count > 0)
        {
            return Rejected("The changed order would not be valid: " + string.Join("; ", failed));
        }

        var touched = ChangeStage.TouchedLines(order, changes);
        var stage = ChangeStage.Of(order, touched);
        var cancelledShipments = new JsonArray();
        var reason = "order changed";
        foreach (var shipment in order.Shipments.Where(s => s.Status == "requested" && s.LineIds.Any(touched.Contains)))
        {
            shipment.Status = "cancelled";
            shipment.CancelReason = reason;
            cancelledShipments.Add(new JsonObject { ["id"] = shipment.Id, ["nodeId"] = shipment.NodeId });
            touched.UnionWith(shipment.LineIds);
        }
        var released = order.Lines.Where(l => touched.Contains(l.Id) && l.Status is LineStatus.Scheduled or LineStatus.Released).ToList();
        foreach (var line in released)
        {
            line.NodeId = null;
            line.ReservationId = null;
            line.ShipmentId = null;
            Lifecycle.Move(order, line, LineStatus.Created, context.Now, reason);
        }
        if (released.Count > 0)
        {
            context.Enlist(new EndReservations(order.Id, [.. released.Select(l => l.Id)], consumed: false, context.Now.ToUnixTimeMilliseconds()));
        }
        Apply(order, changes, context.Now);
        Save(context, order);
        return ActivityResult.Done("changed", new JsonObject
        {
            ["stage"] = stage,
            ["cancelledShipments"] = cancelledShipments,
            ["releasedLines"] = new JsonArray([.. released.Select(l => JsonValue.Create(l.Id))]),
            ["changes"] = changes.Count,
        });
    }

    /// <summary>Makes the changes on <paramref name="order"/> (no compensation: the caller released what it had to).</summary>
    private static void Apply(Order order, List<OrderChange> changes, DateTimeOffset now)
    {
        foreach (var change in changes)
        {
            var line = change.LineId is null ? null : order.Lines.First(l => l.Id == change.LineId);
            switch (change.Kind)
            {
                case OrderChangeKind.Quantity when change.Quantity == 0:
                case OrderChangeKind.RemoveLine:
                    Lifecycle.Move(order, line!, LineStatus.Cancelled, now, "removed by a change");
                    break;
                case OrderChangeKind.Quantity:
                    order.History.Add(new StatusChange
                    {
                        At = now, Subject = "line " + line!.Id, From = line.Quantity.ToString(CultureInfo.InvariantCulture),
                        To = change.Quantity!.Value.ToString(CultureInfo.InvariantCulture), Reason = "quantity changed",
                    });
                    line.Quantity = change.Quantity.Value;
                    break;
                case OrderChangeKind.AddLine:
                    order.Lines.Add(new OrderLine { Id = NextLineId(order), Sku = change.Sku!, Quantity = change.Quantity!.Value, Status = LineStatus.Created });
                    break;
                case OrderChangeKind.ShipTo:
                    order.ShipTo = change.Address;
                    order.History.Add(new StatusChange { At = now, Subject = "order", From = "ship-to", To = change.Address?.City ?? string.Empty, Reason = "ship-to address changed" });
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(changes), change.Kind, "Unknown change kind.");
            }
        }
        order.FulfilmentStatus = Lifecycle.RollUp(order.Lines);
    }

    private static string NextLineId(Order order)
    {
        var highest = order.Lines.Select(l => int.TryParse(l.SplitFrom ?? l.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0).DefaultIfEmpty(0).Max();
        return (highest + 1).ToString(CultureInfo.InvariantCulture);
    }

    private async Task<List<string>> ValidateAsync(ActivityContext context, OrderStore store, Order proposed)
    {
        var catalogue = await ValidationCatalogue.ForAsync(store, proposed, context.CancellationToken).ConfigureAwait(false);
        var live = OrderJson.Write(proposed);
        live["lines"] = new JsonArray([.. live["lines"]!.AsArray().Where(l => l?["status"]?.ToString() != nameof(LineStatus.Cancelled)).Select(l => l!.DeepClone())]);
        var results = await Decisions.RulesAsync(context, RuleSet, Workflow, ("order", live), ("products", catalogue), ("duplicate", JsonValue.Create(false))).ConfigureAwait(false);
        return [.. results.Where(r => !r.IsSuccess).Select(Decisions.Message)];
    }

    private static ActivityResult Rejected(string reason) => ActivityResult.Done("rejected", new JsonObject { ["reason"] = reason });
}
