using System.Text.Json.Nodes;
using OmsFlow.Orders.Common;
using OmsFlow.Orders.Model;
using OmsFlow.Orders.Storage;
using OmsFlow.Workflows.Activities;

namespace OmsFlow.Orders.Returns;

/// <summary>Ends a return whose parcel never arrived: the lines waiting for it go back to Closed, with no refund.</summary>
[Activity("ExpireReturn", Category = "Orders",
    Description = "Close a return whose parcel never arrived: ReturnRequested lines go back to Closed without a refund. Output: lines[].")]
public sealed class ExpireReturn : OrderActivity
{
    /// <summary>The fulfilment instance may have written the order (closed it) while the return waited.</summary>
    protected override bool StartsFromStoredOrder => true;

    [Input(Description = "Why, kept in the order's history.", Editor = "expression")]
    public string Reason { get; set; } = "The returned items did not arrive in time.";

    protected override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, Order order, OrderStore store)
    {
        var lines = order.Lines.Where(l => l.Status == LineStatus.ReturnRequested).ToList();
        foreach (var line in lines)
        {
            Lifecycle.Move(order, line, LineStatus.Closed, context.Now, Reason);
        }
        Save(context, order);
        return ValueTask.FromResult(ActivityResult.Done(new JsonObject { ["lines"] = new JsonArray([.. lines.Select(l => JsonValue.Create(l.Id))]) }));
    }
}
