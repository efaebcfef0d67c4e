using System.Globalization;
using System.Text.Json.Nodes;
using OmsFlow.Orders.Common;
using OmsFlow.Orders.Model;
using OmsFlow.Orders.Storage;
using OmsFlow.Workflows.Activities;

namespace OmsFlow.Orders.Returns;

/// <summary>
/// Opens a return: loads the order from its row (the return runs in its own instance, next to the fulfilment
/// instance), checks every requested line was delivered and is not already being returned, and moves the returned
/// units to ReturnRequested - splitting a line when only part of it comes back (2 of 3 shirts: line 1 keeps 1,
/// line 1.2 carries the 2 returned).
/// </summary>
[Activity("RequestReturn", Category = "Orders", Outcomes = ["requested", "rejected"],
    Description = "Open a return for delivered lines ({orderId, lines:[{lineId, quantity, reason}]}): lines move to ReturnRequested (split when partly returned). 'rejected' lists why. Output: lines[{lineId, sku, quantity, reason, nodeId}].")]
public sealed class RequestReturn : Activity
{
    [Input(Required = true, Description = "The return request, e.g. =received.", Editor = "expression")]
    public JsonObject Request { get; set; } = [];

    [Input(Description = "Workflow variable to hold the order (default order).")]
    public string Variable { get; set; } = "order";

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var problems = ReturnRequest.Check(Request);
        if (problems.Count > 0)
        {
            return ActivityResult.Fault(string.Join("; ", problems.Select(p => $"{p.Field} {p.Message}")), permanent: true);
        }
        var store = OrderActivity.Store(context);
        var orderId = Request["orderId"]!.ToString();
        if (await store.GetAsync(orderId, context.CancellationToken).ConfigureAwait(false) is not { } record)
        {
            return Rejected([$"There is no order {orderId}."]);
        }
        var order = OrderJson.Read(JsonNode.Parse(record.Document));
        var requested = ReturnRequest.Lines(Request);
        var reasons = Validate(order, requested);
        if (reasons.Count > 0)
        {
            return Rejected(reasons);
        }
        var returned = new JsonArray();
        foreach (var (lineId, quantity, reason) in requested)
        {
            var line = order.Lines.Single(l => l.Id == lineId);
            var returning = quantity < line.Quantity ? Split(order, line, quantity) : line;
            Lifecycle.Move(order, returning, LineStatus.ReturnRequested, context.Now, reason ?? "return requested");
            returned.Add(new JsonObject
            {
                ["lineId"] = returning.Id, ["sku"] = returning.Sku, ["quantity"] = returning.Quantity, ["reason"] = reason, ["nodeId"] = returning.NodeId,
            });
        }
        context.Variables[Variable] = OrderJson.Write(order);
        context.Enlist(new SaveOrder(store.ToRecord(order, record.CreatedAt)));
        return ActivityResult.Done("requested", new JsonObject { ["orderId"] = order.Id, ["lines"] = returned });
    }

    private static List<string> Validate(Order order, List<(string LineId, int Quantity, string? Reason)> requested)
    {
        var reasons = new List<string>();
        foreach (var group in requested.GroupBy(r => r.LineId, StringComparer.Ordinal))
        {
            var line = order.Lines.FirstOrDefault(l => l.Id == group.Key);
            var quantity = group.Sum(r => r.Quantity);
            if (line is null)
            {
                reasons.Add($"Order {order.Id} has no line {group.Key}; its lines are {string.Join(", ", order.Lines.Select(l => l.Id))}.");
            }
            else if (group.Count() > 1)
            {
                reasons.Add($"Line {line.Id} is listed {group.Count()} times; list it once with the total quantity.");
            }
            else if (line.Gift)
            {
                reasons.Add($"Line {line.Id} is a free gift and cannot be returned for a refund.");
            }
            else if (line.Status is not (LineStatus.Delivered or LineStatus.Invoiced or LineStatus.Closed))
            {
                reasons.Add($"Line {line.Id} is {line.Status}; only delivered lines can be returned.");
            }
            else if (quantity > line.Quantity)
            {
                reasons.Add(string.Create(CultureInfo.InvariantCulture, $"Line {line.Id} has {line.Quantity} x {line.Sku}; {quantity} cannot be returned."));
            }
        }
        return reasons;
    }

    /// <summary>Moves <paramref name="quantity"/> units of <paramref name="line"/> to a new line (same prices, per unit).</summary>
    private static OrderLine Split(Order order, OrderLine line, int quantity)
    {
        var root = line.SplitFrom ?? line.Id;
        var n = order.Lines.Count(l => l.SplitFrom == root) + 2;
        decimal? Share(decimal? total, int units) => total is null ? null : Pricing.PriceCalculator.Money(total.Value * units / line.Quantity);
        var split = new OrderLine
        {
            Id = string.Create(CultureInfo.InvariantCulture, $"{root}.{n}"), Sku = line.Sku, Name = line.Name, Quantity = quantity, UnitPrice = line.UnitPrice,
            TaxCategory = line.TaxCategory, WeightGrams = line.WeightGrams, SplitFrom = root, Status = line.Status, NodeId = line.NodeId,
            ReservationId = line.ReservationId, ShipmentId = line.ShipmentId, NetUnitPrice = line.NetUnitPrice, TaxRate = line.TaxRate,
            LineTotal = Share(line.LineTotal, quantity), DiscountTotal = Share(line.DiscountTotal, quantity), TaxAmount = Share(line.TaxAmount, quantity),
        };
        line.LineTotal = line.LineTotal is null ? null : line.LineTotal - split.LineTotal;
        line.DiscountTotal = line.DiscountTotal is null ? null : line.DiscountTotal - split.DiscountTotal;
        line.TaxAmount = line.TaxAmount is null ? null : line.TaxAmount - split.TaxAmount;
        line.Quantity -= quantity;
        order.Lines.Insert(order.Lines.IndexOf(line) + 1, split);
        return split;
    }

    private static ActivityResult Rejected(List<string> reasons)
        => ActivityResult.Done("rejected", new JsonObject { ["reasons"] = new JsonArray([.. reasons.Select(r => JsonValue.Create(r))]), ["reason"] = string.Join(" ", reasons) });
}
