using System.Text.Json.Nodes;
using OmsFlow.Orders.Model;
using OmsFlow.Orders.Storage;
using OmsFlow.Workflows.Activities;

namespace OmsFlow.Orders.Common;

/// <summary>Moves the order to a status the lifecycle allows from where it is (faults with the allowed moves otherwise).</summary>
[Activity("SetOrderStatus", Category = "Orders", Description = "Move the order to a status (PendingApproval, Processing, Closed, Rejected, ...); only moves the order lifecycle allows; Closed also closes delivered lines.")]
public sealed class SetOrderStatus : OrderActivity
{
    [Input(Required = true, Description = "The new status.",
        Options = ["Created", "Validated", "OnHold", "PendingApproval", "Processing", "Closed", "Rejected", "Draft"])]
    public OrderStatus Status { get; set; }

    [Input(Description = "Why, kept in the order's history (and as the cancel reason for Rejected).", Editor = "expression")]
    public string? Reason { get; set; }

    [Input(Description = "Start from the order's stored row and write only if no other instance (a return) changed it meanwhile.")]
    public bool FromStored { get; set; }

    protected override bool StartsFromStoredOrder => FromStored;

    protected override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, Order order, OrderStore store)
    {
        if (Status == OrderStatus.Closed)
        {
            foreach (var line in order.Lines.Where(l => l.Status is LineStatus.Delivered or LineStatus.Invoiced))
            {
                Lifecycle.Move(order, line, LineStatus.Closed, context.Now);
            }
        }
        if (Status == OrderStatus.Rejected)
        {
            order.CancelReason = Reason;
        }
        Lifecycle.Move(order, Status, context.Now, Reason);
        Save(context, order);
        return ValueTask.FromResult(ActivityResult.Done(new JsonObject { ["status"] = order.Status.ToString() }));
    }
}
