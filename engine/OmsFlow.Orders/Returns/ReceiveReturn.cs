using System.Text.Json.Nodes;
using OmsFlow.Orders.Common;
using OmsFlow.Orders.Model;
using OmsFlow.Orders.Storage;
using OmsFlow.Workflows.Activities;

namespace OmsFlow.Orders.Returns;

/// <summary>
/// Books the returned parcel in: the lines waiting for return move to Returned and their units go back on hand at the
/// receiving node (the receipt's <c>nodeId</c>, else the node each line shipped from), in the same commit.
/// </summary>
[Activity("ReceiveReturn", Category = "Orders",
    Description = "Book a returned parcel in: ReturnRequested lines become Returned and their units go back on hand at the receiving node. Output: lines[{lineId, sku, quantity, nodeId}].")]
public sealed class ReceiveReturn : OrderActivity
{
    /// <summary>The fulfilment instance may have written the order (closed it) while the return waited.</summary>
    protected override bool StartsFromStoredOrder => true;

    [Input(Description = "The warehouse receipt, e.g. =steps[\"wait-receipt\"].output ({nodeId?, lineIds?}); default all lines waiting for return.", Editor = "expression")]
    public JsonObject? Receipt { get; set; }

    protected override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, Order order, OrderStore store)
    {
        var node = Receipt?["nodeId"]?.ToString();
        var only = (Receipt?["lineIds"] as JsonArray)?.Select(id => id?.ToString()).ToHashSet(StringComparer.Ordinal);
        var lines = order.Lines.Where(l => l.Status == LineStatus.ReturnRequested && (only is null || only.Contains(l.Id))).ToList();
        if (lines.Count == 0)
        {
            return ValueTask.FromResult(ActivityResult.Fault($"Order {order.Id} has no lines waiting for return{(only is null ? string.Empty : " among " + string.Join(", ", only))}.", permanent: true));
        }
        var received = new JsonArray();
        foreach (var line in lines)
        {
            var at = node ?? line.NodeId;
            if (string.IsNullOrEmpty(at))
            {
                return ValueTask.FromResult(ActivityResult.Fault($"Line {line.Id} has no shipping node; the receipt must name the receiving nodeId.", permanent: true));
            }
            Lifecycle.Move(order, line, LineStatus.Returned, context.Now, "received at " + at);
            line.ReturnedQuantity = line.Quantity;
            context.Enlist(new ReturnStock(at, line.Sku, line.Quantity, context.Now.ToUnixTimeMilliseconds()));
            received.Add(new JsonObject { ["lineId"] = line.Id, ["sku"] = line.Sku, ["quantity"] = line.Quantity, ["nodeId"] = at });
        }
        Save(context, order);
        return ValueTask.FromResult(ActivityResult.Done(new JsonObject { ["lines"] = received }));
    }
}
