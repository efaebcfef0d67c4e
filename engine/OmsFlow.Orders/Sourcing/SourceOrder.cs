using System.Globalization;
using System.Text.Json.Nodes;
using OmsFlow.Orders.Common;
using OmsFlow.Orders.Model;
using OmsFlow.Orders.Storage;
using OmsFlow.Persistence.Records;
using OmsFlow.Persistence.Storage;
using OmsFlow.Workflows.Activities;

namespace OmsFlow.Orders.Sourcing;

/// <summary>
/// Sources and reserves the order's open lines (Created or Backordered): the <c>sourcing-rules</c> table picks the
/// policy, <see cref="SourcingPlanner"/> the nodes, and the reservation is committed at once and all-or-nothing. If
/// another order took the stock between planning and reserving, it plans again from fresh stock. A line sourced from
/// several nodes, or only in part, is split (25 scheduled here + 75 backordered in a new line).
/// </summary>
[Activity("SourceOrder", Category = "Orders", Outcomes = ["scheduled", "partial", "backordered", "unsourceable"], CommitAfter = true,
    Description = "Source and reserve open lines by the sourcing-rules table (nearest full-stock node, fewest splits, cost, earliest delivery; hard and soft constraints; safety stock; capacity; ship-from-store); split lines; backorder what is left.")]
public sealed class SourceOrder : OrderActivity
{
    private const int MaxAttempts = 25;

    [Input(Description = "Decision table that picks the sourcing policy for the order (default sourcing-rules).")]
    public string Rules { get; set; } = "sourcing-rules";

    [Input(Description = "Decision table that holds stock back from lower demand classes, by demand class and product (default allocation-protection; empty: none).")]
    public string Protection { get; set; } = "allocation-protection";

    protected override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, Order order, OrderStore store)
    {
        var open = order.Lines.Where(l => l.Status is LineStatus.Created or LineStatus.Backordered).ToList();
        if (open.Count == 0)
        {
            return ActivityResult.Done("scheduled", new JsonObject { ["allocations"] = new JsonArray(), ["notes"] = new JsonArray("Nothing left to source.") });
        }
        var policy = SourcingPolicy.FromTableOutput(await Decisions.TableAsync(context, Rules, new JsonObject { ["order"] = OrderJson.Write(order) }).ConfigureAwait(false));
        var products = await store.ProductsAsync(open.Select(l => l.Sku), context.CancellationToken).ConfigureAwait(false);
        var protection = await AllocationProtection.ForOrderAsync(context, Protection, OrderJson.Write(order)).ConfigureAwait(false);
        var lines = open.Select(l =>
        {
            var doc = products.TryGetValue(l.Sku, out var p) ? JsonNode.Parse(p.Document) : null;
            var (units, percent) = protection.For(doc?["category"]?.ToString());
            return new SourcingLine(l.Id, l.Sku, l.Quantity, doc?["hazmat"]?.GetValue<bool>() ?? false, doc?["oversize"]?.GetValue<bool>() ?? false, units, percent);
        }).ToList();
        var nodes = await store.NodesAsync(context.CancellationToken).ConfigureAwait(false);
        var day = context.Now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var (lat, lon) = Geography.Locate(order.ShipTo);

        SourcingPlan plan;
        ReserveStock? reserved = null;
        var attempt = 0;
        while (true)
        {
            attempt++;
            var stock = await store.InventoryAsync(open.Select(l => l.Sku), context.CancellationToken).ConfigureAwait(false);
            var loads = await store.NodeLoadsAsync(day, context.CancellationToken).ConfigureAwait(false);
            var request = new SourcingRequest(lines, lat, lon, order.ShippingService == "express",
                [.. nodes.Select(n => ToSourcingNode(n, loads.GetValueOrDefault(n.Id), context.Now))],
                [.. stock.Select(s => new NodeStock(s.NodeId, s.Sku, s.OnHand - s.Reserved - s.SafetyStock, s.SafetyStock))]);
            plan = SourcingPlanner.Plan(request, policy);
            if (plan.Allocations.Count == 0)
            {
                break;
            }
            try
            {
                reserved = await store.CommitAsync(new ReserveStock(order.Id, context.ExecutionKey,
                    [.. plan.Allocations.Select(a => new Allocation(a.LineId, a.NodeId, a.Sku, a.Quantity, a.SafetyStock, day))],
                    context.Now.ToUnixTimeMilliseconds())).ConfigureAwait(false);
                break;
            }
            catch (CommitConflictException) when (attempt < MaxAttempts)
            {
                // Someone reserved the same stock first: plan again from what is left.
            }
        }
        if (plan.UnsourcedUnits > 0 && !policy.AllowBackorder && plan.Allocations.Count == 0)
        {
            return ActivityResult.Done("unsourceable", Describe(plan, policy));
        }
        Apply(order, open, plan, reserved?.Reserved ?? [], context.Now);
        Save(context, order);
        var outcome = plan.UnsourcedUnits == 0 ? "scheduled" : plan.Allocations.Count == 0 ? "backordered" : "partial";
        return ActivityResult.Done(outcome, Describe(plan, policy));
    }

    private static SourcingNode ToSourcingNode(NodeRecord node, int load, DateTimeOffset now)
    {
        var doc = JsonNode.Parse(node.Document) as JsonObject ?? [];
        return new SourcingNode(node.Id, node.Kind, node.Latitude, node.Longitude, node.CapacityPerDay - load,
            Geography.PastCutoff(doc["cutoff"]?.ToString(), doc["timeZone"]?.ToString(), now),
            Money(doc["costPerShipment"]), Money(doc["costPerUnit"]), Money(doc["costPerKm"]));
    }

    private static decimal Money(JsonNode? node) => node is JsonValue v && v.TryGetValue<decimal>(out var d) ? d : 0m;

    /// <summary>Writes the plan onto the lines: node and reservation, splits for extra nodes, a backordered split for the rest.</summary>
    private static void Apply(Order order, List<OrderLine> open, SourcingPlan plan, IReadOnlyList<ReservationRecord> reservations, DateTimeOffset now)
    {
        foreach (var line in open)
        {
            var parts = plan.Allocations.Where(a => a.LineId == line.Id).ToList();
            var reservationsOfLine = reservations.Where(r => r.LineId == line.Id).ToList();
            var unsourced = plan.Unsourced.GetValueOrDefault(line.Id);
            if (parts.Count == 0)
            {
                // A free gift is not worth holding anything back for: it ships if it is there, and is dropped if not.
                Lifecycle.Move(order, line, line.Gift ? LineStatus.Cancelled : LineStatus.Backordered, now, line.Gift ? "gift out of stock" : "no stock");
                continue;
            }
            var first = true;
            for (var i = 0; i < parts.Count; i++)
            {
                var target = line;
                if (!first)
                {
                    target = Split(order, line, parts[i].Quantity);
                }
                target.Quantity = parts[i].Quantity;
                target.NodeId = parts[i].NodeId;
                target.ReservationId = i < reservationsOfLine.Count ? reservationsOfLine[i].Id : null;
                Lifecycle.Move(order, target, LineStatus.Scheduled, now, $"{parts[i].Quantity} from {parts[i].NodeId}");
                first = false;
            }
            if (unsourced > 0 && !line.Gift)
            {
                var rest = Split(order, line, unsourced);
                rest.NodeId = null;
                rest.ReservationId = null;
                Lifecycle.Move(order, rest, LineStatus.Backordered, now, "no stock");
            }
        }
    }

    private static OrderLine Split(Order order, OrderLine line, int quantity)
    {
        var root = line.SplitFrom ?? line.Id;
        var n = order.Lines.Count(l => l.SplitFrom == root) + 2;
        var split = new OrderLine
        {
            Id = $"{root}.{n}", Sku = line.Sku, Name = line.Name, Quantity = quantity, UnitPrice = line.UnitPrice, TaxCategory = line.TaxCategory,
            WeightGrams = line.WeightGrams, SplitFrom = root, Status = line.Status == LineStatus.Backordered ? LineStatus.Backordered : LineStatus.Created,
        };
        order.Lines.Insert(order.Lines.IndexOf(line) + 1 + order.Lines.Count(l => l.SplitFrom == root), split);
        return split;
    }

    private static JsonObject Describe(SourcingPlan plan, SourcingPolicy policy) => new()
    {
        ["allocations"] = new JsonArray([.. plan.Allocations.Select(a => new JsonObject
        {
            ["lineId"] = a.LineId, ["sku"] = a.Sku, ["nodeId"] = a.NodeId, ["quantity"] = a.Quantity, ["distanceKm"] = a.DistanceKm, ["deliveryDays"] = a.DeliveryDays,
        })]),
        ["backorderedUnits"] = plan.UnsourcedUnits,
        ["shipments"] = plan.Shipments,
        ["relaxedSoftConstraints"] = plan.RelaxedSoftConstraints,
        ["objectives"] = new JsonArray([.. policy.Objectives.Select(o => JsonValue.Create(o))]),
        ["notes"] = new JsonArray([.. plan.Notes.Select(n => JsonValue.Create(n))]),
    };
}
